/**
 * The canvas a user draws a digit on: white strokes on black, like MNIST's ink. Mouse, pen and
 * touch all arrive as pointer events.
 */
import { type GreyImage, inkFromRgba } from './digit-image';

/** Stroke width relative to the canvas side: MNIST strokes are about 2-3 of 28 pixels. */
const STROKE = 0.08;

export class DrawPad {
  private readonly context: CanvasRenderingContext2D;
  private drawing = false;
  private last: { x: number; y: number } | undefined;
  private inked = false;

  /** `onStroke` runs when a stroke ends (the pointer lifts or leaves the canvas). */
  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly onStroke: () => void,
  ) {
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (context === null) throw new Error('DrawPad: the canvas has no 2d context');
    this.context = context;
    this.clear();
    canvas.addEventListener('pointerdown', (e) => this.start(e));
    canvas.addEventListener('pointermove', (e) => this.move(e));
    canvas.addEventListener('pointerup', () => this.end());
    canvas.addEventListener('pointerleave', () => this.end());
  }

  /** Whether anything is drawn. */
  get isEmpty(): boolean {
    return !this.inked;
  }

  clear(): void {
    this.context.fillStyle = '#000';
    this.context.fillRect(0, 0, this.canvas.width, this.canvas.height);
    this.inked = false;
  }

  /** The drawing as ink in [0, 1]. */
  ink(): GreyImage {
    const { width, height } = this.canvas;
    return inkFromRgba(this.context.getImageData(0, 0, width, height).data, width, height);
  }

  private point(e: PointerEvent): { x: number; y: number } {
    const box = this.canvas.getBoundingClientRect();
    return {
      x: ((e.clientX - box.left) / box.width) * this.canvas.width,
      y: ((e.clientY - box.top) / box.height) * this.canvas.height,
    };
  }

  private start(e: PointerEvent): void {
    this.drawing = true;
    this.canvas.setPointerCapture?.(e.pointerId);
    this.last = this.point(e);
    this.line(this.last, this.last);
  }

  private move(e: PointerEvent): void {
    if (!this.drawing || this.last === undefined) return;
    const next = this.point(e);
    this.line(this.last, next);
    this.last = next;
  }

  private end(): void {
    if (!this.drawing) return;
    this.drawing = false;
    this.last = undefined;
    this.onStroke();
  }

  private line(from: { x: number; y: number }, to: { x: number; y: number }): void {
    const c = this.context;
    c.strokeStyle = '#fff';
    c.lineWidth = STROKE * this.canvas.width;
    c.lineCap = 'round';
    c.lineJoin = 'round';
    c.beginPath();
    c.moveTo(from.x, from.y);
    c.lineTo(to.x, to.y);
    c.stroke();
    this.inked = true;
  }
}
