/**
 * Where the app serves MNIST (see tools/mnist-static.ts): `mnist/` beside the page. The page
 * resolves it and hands it to the worker, whose own URL is elsewhere (under assets/ once built).
 */
export function mnistBaseUrl(pageUrl: string): string {
  return new URL('mnist/', pageUrl).href;
}
