// The quickstart: pick the best backend, run a matMul, a conv2d and a softmax, print what came out.
import * as glia from 'glia';

const backend = await glia.ready();
console.log(`backend: ${backend.describe ? backend.describe() : backend.name}`);
console.log(
  `registered: ${glia
    .listBackends()
    .map((b) => `${b.name}@${b.priority}${b.failure ? ` [failed: ${b.failure}]` : ''}`)
    .join(', ')}`,
);

glia.tidy(() => {
  const a = glia.tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  const b = glia.tensor([
    [7, 8],
    [9, 10],
    [11, 12],
  ]);
  console.log('\nmatMul([[1,2,3],[4,5,6]], [[7,8],[9,10],[11,12]]):');
  glia.matMul(a, b).print();

  // A 4x4 ramp convolved with a 2x2 filter that takes "right minus left" differences.
  const image = glia.reshape(glia.range(0, 16), [1, 4, 4, 1]);
  const filter = glia.tensor(
    [
      [-1, 1],
      [-1, 1],
    ],
    [2, 2, 1, 1],
  );
  console.log('\nconv2d(4x4 ramp, horizontal-difference 2x2 filter, valid):');
  glia.reshape(glia.conv2d(image, filter, { padding: 'valid' }), [3, 3]).print();

  console.log('\nsoftmax([[1, 2, 3], [1000, 1001, 1002]]) (stable for large logits):');
  glia
    .softmax(
      glia.tensor([
        [1, 2, 3],
        [1000, 1001, 1002],
      ]),
    )
    .print();
});

const { numTensors, numBytes } = glia.memory();
console.log(`\nlive tensors after tidy: ${numTensors} (${numBytes} bytes)`);
