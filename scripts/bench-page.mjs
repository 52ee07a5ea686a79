// What the two benchmarks of the page in Chromium share (scripts/
// bench-browser.mjs, and the page table of scripts/bench-pathological.mjs).

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

// Run in the page (page.evaluate): window.benchState records the editor's
// keydowns, each at its event's own time (a key that waits behind other work
// counts it), and the main thread's long tasks. Each bench adds what it
// watches for to the same state.
export function recordKeysAndLongTasks() {
  const state = { keys: [], longTasks: [] };
  window.benchState = state;
  const content = document.getElementById('editor').shadowRoot.querySelector('.cm-content');
  content.addEventListener('keydown', (event) => state.keys.push(event.timeStamp), true);
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) state.longTasks.push(entry.duration);
  }).observe({ type: 'longtask' });
}
