import type { ModelProto } from './model-proto';
import { ModelProtoType } from './schema';

/** Encodes a ModelProto to its protobuf bytes. */
export function encodeModel(model: ModelProto): Uint8Array {
  const message = ModelProtoType.fromObject(model as Record<string, unknown>);
  const bytes = ModelProtoType.encode(message).finish();
  // protobufjs gives a Node Buffer in Node: hand out a plain Uint8Array everywhere.
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Decodes protobuf bytes as a ModelProto (throws protobufjs's error on malformed bytes). */
export function decodeModel(bytes: Uint8Array): ModelProto {
  return ModelProtoType.decode(bytes) as unknown as ModelProto;
}
