// Kabinet's compiler of app.wasm: app.js (start.js) starts this worker, and
// app.wasm is fetched and compiled here, off the page's main thread, where
// compiling it held the page for several hundred milliseconds on a phone.
// The module goes back to the page, which instantiates it without
// compiling again; the bytes arrived so far go back as a percentage for
// the loading strip.
onmessage = async (event) => {
  const { url, total } = event.data;
  try {
    const response = await fetch(url);
    if (!response.ok) {
      throw new Error(url + ": " + response.status);
    }
    if (response.body && total > 0) {
      const reader = response.clone().body.getReader();
      (async () => {
        let loaded = 0;
        let said = -1;
        for (;;) {
          const { done, value } = await reader.read();
          if (done) {
            break;
          }
          loaded += value.byteLength;
          const progress = Math.min(100, Math.round((loaded * 100) / total));
          if (progress !== said) {
            said = progress;
            postMessage({ progress });
          }
        }
      })().catch(() => {});
    }
    const module = WebAssembly.compileStreaming
      ? await WebAssembly.compileStreaming(response)
      : await WebAssembly.compile(await response.arrayBuffer());
    postMessage({ module });
  } catch (err) {
    postMessage({ error: String(err) });
  }
};
