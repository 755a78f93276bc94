import { Layer, type LayerArgs } from '../engine/layer';
import type { SymbolicShape } from '../engine/symbolic-shape';

/**
 * A layer without weights (reshaping, padding, pooling): building it only checks the input shape,
 * through `computeOutputShape`, which throws on a shape the layer cannot take.
 */
export abstract class WeightlessLayer<A extends LayerArgs = LayerArgs> extends Layer<A> {
  override build(inputShape: SymbolicShape): void {
    this.computeOutputShape(inputShape);
    super.build(inputShape);
  }
}
