import * as glia from 'glia';

console.log(`glia quickstart: ${Object.keys(glia).length} exports loaded`);
