import protobuf from 'protobufjs';
import { AttributeType } from './model-proto';

// The parts of ONNX's onnx.proto (proto2, package `onnx`) that Glia reads and writes, declared as a
// protobufjs reflection schema: field names are camelCase, numbers and types are the spec's.
// protobufjs does the wire encoding and decoding.

const field = (id: number, type: string, rule?: 'repeated', packed?: boolean) => ({
  id,
  type,
  ...(rule ? { rule } : {}),
  ...(packed ? { options: { packed: true } } : {}),
});

const ONNX_SCHEMA = {
  nested: {
    onnx: {
      nested: {
        AttributeType: { values: AttributeType },
        AttributeProto: {
          fields: {
            name: field(1, 'string'),
            refAttrName: field(21, 'string'),
            docString: field(13, 'string'),
            type: field(20, 'AttributeType'),
            f: field(2, 'float'),
            i: field(3, 'int64'),
            s: field(4, 'bytes'),
            t: field(5, 'TensorProto'),
            g: field(6, 'GraphProto'),
            floats: field(7, 'float', 'repeated'),
            ints: field(8, 'int64', 'repeated'),
            strings: field(9, 'bytes', 'repeated'),
            tensors: field(10, 'TensorProto', 'repeated'),
            graphs: field(11, 'GraphProto', 'repeated'),
          },
        },
        ValueInfoProto: {
          fields: {
            name: field(1, 'string'),
            type: field(2, 'TypeProto'),
            docString: field(3, 'string'),
          },
        },
        NodeProto: {
          fields: {
            input: field(1, 'string', 'repeated'),
            output: field(2, 'string', 'repeated'),
            name: field(3, 'string'),
            opType: field(4, 'string'),
            domain: field(7, 'string'),
            attribute: field(5, 'AttributeProto', 'repeated'),
            docString: field(6, 'string'),
          },
        },
        StringStringEntryProto: {
          fields: { key: field(1, 'string'), value: field(2, 'string') },
        },
        OperatorSetIdProto: {
          fields: { domain: field(1, 'string'), version: field(2, 'int64') },
        },
        ModelProto: {
          fields: {
            irVersion: field(1, 'int64'),
            opsetImport: field(8, 'OperatorSetIdProto', 'repeated'),
            producerName: field(2, 'string'),
            producerVersion: field(3, 'string'),
            domain: field(4, 'string'),
            modelVersion: field(5, 'int64'),
            docString: field(6, 'string'),
            graph: field(7, 'GraphProto'),
            metadataProps: field(14, 'StringStringEntryProto', 'repeated'),
          },
        },
        GraphProto: {
          fields: {
            node: field(1, 'NodeProto', 'repeated'),
            name: field(2, 'string'),
            initializer: field(5, 'TensorProto', 'repeated'),
            docString: field(10, 'string'),
            input: field(11, 'ValueInfoProto', 'repeated'),
            output: field(12, 'ValueInfoProto', 'repeated'),
            valueInfo: field(13, 'ValueInfoProto', 'repeated'),
          },
        },
        TensorProto: {
          fields: {
            dims: field(1, 'int64', 'repeated'),
            dataType: field(2, 'int32'),
            floatData: field(4, 'float', 'repeated', true),
            int32Data: field(5, 'int32', 'repeated', true),
            stringData: field(6, 'bytes', 'repeated'),
            int64Data: field(7, 'int64', 'repeated', true),
            name: field(8, 'string'),
            docString: field(12, 'string'),
            rawData: field(9, 'bytes'),
            externalData: field(13, 'StringStringEntryProto', 'repeated'),
            dataLocation: field(14, 'int32'),
            doubleData: field(10, 'double', 'repeated', true),
            uint64Data: field(11, 'uint64', 'repeated', true),
          },
        },
        TensorShapeProto: {
          fields: { dim: field(1, 'Dimension', 'repeated') },
          nested: {
            Dimension: {
              oneofs: { value: { oneof: ['dimValue', 'dimParam'] } },
              fields: {
                dimValue: field(1, 'int64'),
                dimParam: field(2, 'string'),
                denotation: field(3, 'string'),
              },
            },
          },
        },
        TypeProto: {
          oneofs: { value: { oneof: ['tensorType'] } },
          fields: { tensorType: field(1, 'Tensor'), denotation: field(6, 'string') },
          nested: {
            Tensor: {
              fields: { elemType: field(1, 'int32'), shape: field(2, 'TensorShapeProto') },
            },
          },
        },
      },
    },
  },
};

const root = protobuf.Root.fromJSON(ONNX_SCHEMA);

/** protobufjs's type for onnx.ModelProto. */
export const ModelProtoType: protobuf.Type = root.lookupType('onnx.ModelProto');
