/** The ten class probabilities as horizontal bars, the most likely class highlighted. */

/** The most likely class (the first one on ties). */
export function topClass(probabilities: readonly number[]): number {
  let best = 0;
  for (let c = 1; c < probabilities.length; c++) {
    if (probabilities[c]! > probabilities[best]!) best = c;
  }
  return best;
}

/** Replaces `host`'s content with one bar per class. */
export function renderProbabilityBars(host: HTMLElement, probabilities: readonly number[]): void {
  const top = topClass(probabilities);
  host.replaceChildren(
    ...probabilities.map((p, digit) => {
      const row = document.createElement('div');
      row.className = digit === top ? 'bar-row top' : 'bar-row';
      row.dataset.digit = String(digit);
      row.dataset.probability = String(p);
      const label = document.createElement('span');
      label.textContent = String(digit);
      const track = document.createElement('div');
      track.className = 'track';
      const bar = document.createElement('div');
      bar.className = 'bar';
      bar.style.width = `${(Math.max(0, Math.min(1, p)) * 100).toFixed(1)}%`;
      track.append(bar);
      const value = document.createElement('span');
      value.textContent = `${(p * 100).toFixed(1)}%`;
      row.append(label, track, value);
      return row;
    }),
  );
}
