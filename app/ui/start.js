
// -----------------------------------------------------------------------------
// Kabinet: how app.wasm starts (replaces go-app's goappInitWebAssembly call)
// -----------------------------------------------------------------------------
// The page's fonts load and a frame is painted first; then app.wasm and the
// texts are fetched and app.wasm compiled. The app runs at once, except on
// a public page that is complete in its HTML (data-start-on-use): there it
// runs when the person first uses a control, and until then nothing of Go
// holds the page (kabinetWhenUsed).
var kabinetTexts;
// kabinetStartNow starts the app without waiting for the person's use (on
// other pages it has nothing to do): the browser tests call it when what
// they test is not the first use.
var kabinetStartNow = () => {};
kabinetShowProgress(0);
const kabinetUsed = kabinetWhenUsed();
kabinetAfterFirstScreen(kabinetInitWebAssembly);

function kabinetAfterFirstScreen(start) {
  const painted = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const fonts = document.fonts ? document.fonts.ready : Promise.resolve();
  fonts.then(painted, painted).then(() => {
    kabinetTexts = kabinetFetchTexts();
    start();
  });
}

// The texts of the person's language (stored by the app under kabinet.lang,
// as page.Start reads it): app.wasm waits for the promise kabinetTexts,
// resolved with "" on any failure, before its first render.
function kabinetLang() {
  try {
    if ((localStorage.getItem("kabinet.lang") || "").trim().toLowerCase().startsWith("en")) {
      return "en";
    }
  } catch (err) {}
  return "ru";
}

function kabinetFetchTexts() {
  const url = goappGetenv("{{.EnvTexts}}").replace("{{.TextsLang}}", kabinetLang());
  return fetch(url).then((r) => (r.ok ? r.text() : ""), () => "").catch(() => "");
}

async function kabinetInitWebAssembly() {
  const loader = document.getElementById("app-wasm-loader");
  if (!goappCanLoadWebAssembly()) {
    loader.remove();
    kabinetWasmSettled();
    return;
  }
  let running = false;
  try {
    const module = await kabinetCompile("{{.Wasm}}").finally(kabinetWasmSettled);
    await kabinetUsed;
    loader.classList.add("goapp-app-info--shown");
    const go = new Go();
    const instance = await WebAssembly.instantiate(module, go.importObject);
    // Go's start (runtime and package init) in a task of its own.
    await new Promise((resolve) => {
      const c = new MessageChannel();
      c.port1.onmessage = resolve;
      c.port2.postMessage(null);
    });
    // The app removes the loading strip once it has taken the page over
    // (page.EndLoading), not when Go first gives the browser a turn.
    // The app never ends by itself: its end is a crash (a panic), after
    // which nothing on the page answers any more.
    running = true;
    go.run(instance).then(() => kabinetFailed("run", "the app has exited"), (err) => kabinetFailed("run", err));
  } catch (err) {
    kabinetFailed(running ? "run" : "load", err);
  }
}

// kabinetWasmSettled tells the service worker installing on a first visit
// that the page's download of app.wasm has ended: the worker keeps that
// copy from the HTTP cache rather than download it again (app/ui, worker.go).
function kabinetWasmSettled() {
  if (!navigator.serviceWorker) {
    return;
  }
  navigator.serviceWorker.getRegistration().then((r) => {
    const worker = r && (r.installing || r.waiting);
    if (worker) {
      worker.postMessage("kabinet:wasm");
    }
  }).catch(() => {});
}

// kabinetFailed says in the person's words, in place of the loading strip,
// that the app did not load (stage "load": app.wasm did not arrive or did
// not compile) or has stopped ("run"), with a button that reloads the
// page: until then the strip went on saying «загружается», or showed the
// browser's English error, over a page that no longer answered.
const kabinetFailTexts = {{.FailTexts}};
function kabinetFailed(stage, err) {
  console.error("Kabinet: app.wasm " + (stage === "load" ? "did not load: " : "stopped: "), err);
  const loader = document.getElementById("app-wasm-loader");
  if (loader) {
    loader.remove();
  }
  if (document.getElementById("app-failed")) {
    return;
  }
  const texts = kabinetFailTexts[kabinetLang()] || kabinetFailTexts.ru;
  const box = document.createElement("div");
  box.id = "app-failed";
  box.className = "app-failed notice notice--danger";
  box.setAttribute("role", "alert");
  box.dataset.error = String(err); // for the browser tests' reports
  const text = document.createElement("p");
  text.id = "app-failed-text";
  text.textContent = stage === "load" ? texts.load : texts.run;
  const reload = document.createElement("button");
  reload.type = "button";
  reload.id = "btn-app-reload";
  reload.className = "button button--primary";
  reload.textContent = texts.reload;
  reload.addEventListener("click", () => location.reload());
  box.append(text, reload);
  document.body.append(box);
}

function kabinetShowProgress(progress) {
  document.getElementById("app-wasm-loader-label").innerText = goappLoadingLabel.replace("{progress}", progress);
}

// kabinetCompile has app.wasm fetched and compiled as it arrives, in a
// worker (web/compile.js): on the main thread the compilation held the page
// for several hundred milliseconds on a phone. Where the worker cannot hand
// the module over, the page compiles it itself (kabinetCompileHere).
function kabinetCompile(url) {
  return new Promise((resolve) => {
    let worker;
    const here = () => {
      if (worker) {
        worker.terminate();
      }
      resolve(kabinetCompileHere(url));
    };
    try {
      worker = new Worker("/web/compile.js");
    } catch (err) {
      here();
      return;
    }
    worker.onmessage = (event) => {
      if (event.data.progress !== undefined) {
        kabinetShowProgress(event.data.progress);
      } else if (event.data.module instanceof WebAssembly.Module) {
        worker.terminate();
        resolve(event.data.module);
      } else {
        console.error("compiling app.wasm in a worker failed: ", event.data.error);
        here();
      }
    };
    worker.onerror = (event) => {
      event.preventDefault();
      here();
    };
    worker.postMessage({ url: url, total: parseInt(goappWasmContentLength, 10) || 0 });
  });
}

// kabinetCompileHere compiles app.wasm on the page's main thread. The
// response goes to the compiler as fetch gave it, so that the browser can
// keep the compiled code for the next visit (a rebuilt Response has no URL
// and is never cached); a copy of the stream counts the bytes.
async function kabinetCompileHere(url) {
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(url + ": " + response.status);
  }
  const total = parseInt(goappWasmContentLength, 10) || 0;
  if (response.body && total > 0) {
    const reader = response.clone().body.getReader();
    (async () => {
      let loaded = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          break;
        }
        loaded += value.byteLength;
        kabinetShowProgress(Math.min(100, Math.round((loaded * 100) / total)));
      }
    })().catch(() => {});
  }
  if (WebAssembly.compileStreaming) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

// kabinetWhenUsed resolves when the app should run: at once on most pages;
// on a page marked data-start-on-use (page.Shell.StartOnUse) at the first
// focus or press on a control. Until then the page's fields take typing
// and its buttons a tap, as any form does; native submits are stopped (they
// would put a password into the URL), and when the app has replaced the
// page, it is handed what was typed and ticked, the focus, and the taps on
// buttons, which it then runs: the last tap on another button (showing
// the password, the QR code), then the last submit. A submit is run once
// however often it was pressed, and a later tap on another button does
// not drop it: a person who pressed «Войти» and then, while the app still
// loaded, showed the password to check it expects to be signed in. A
// toggle (aria-pressed: «Показать»/«Скрыть») is run only when it was
// pressed an odd number of times: shown and hidden again stays hidden. A
// kiosk, a person reading in another language than the page's, a page
// served for another address, and a page showing something only the app
// fills in (data-start-if-shown, the QR code of the wide sign-in page)
// start at once; so does a page on which such a thing comes into view
// later (kabinetShowsAppOnly).
function kabinetWhenUsed() {
  const marked = document.querySelector("fieldset[data-start-on-use]");
  const now = () => {
    document.getElementById("app-wasm-loader").classList.add("goapp-app-info--shown");
    return Promise.resolve();
  };
  if (!marked) {
    return Promise.resolve();
  }
  if (marked.dataset.startOnUse !== location.pathname || kabinetLang() !== "ru") {
    return now();
  }
  try {
    if (localStorage.getItem("kabinet.kiosk")) {
      return now();
    }
  } catch (err) {}
  if (kabinetShowsAppOnly()) {
    return now();
  }
  return new Promise((start) => kabinetHoldUse(marked, start));
}

// kabinetShowsAppOnly tells whether the page shows something only the app
// fills in (data-start-if-shown): at load, or later when a tablet is
// turned or a window widened.
function kabinetShowsAppOnly() {
  return [...document.querySelectorAll("[data-start-if-shown]")].some((el) => el.getClientRects().length > 0);
}

function kabinetHoldUse(marked, start) {
  const root = document.body.firstElementChild;
  const loader = document.getElementById("app-wasm-loader");
  const changed = new Set(); // ids of fields the person changed
  let focused = null; // the control last focused
  let tapped = ""; // the id of the button last tapped, not a submit
  let submitted = ""; // the id of the submit button last tapped
  const toggled = new Set(); // ids of toggles pressed an odd number of times
  let started = false;
  const control = (t) => t instanceof Element && root.contains(t) && t.closest("input, select, textarea, button, label");
  const use = () => {
    if (!started) {
      started = true;
      loader.classList.add("goapp-app-info--shown");
      start();
    }
  };
  const handlers = {
    focusin: (e) => {
      if (control(e.target)) {
        focused = e.target;
        use();
      }
    },
    // The mount's removal of the focused field blurs it too, while it is
    // still in the page: only a blur the page outlives is the person's.
    focusout: (e) => {
      const left = e.target;
      setTimeout(() => {
        if (focused === left && root.isConnected && document.activeElement !== left) {
          focused = null;
        }
      }, 0);
    },
    pointerdown: (e) => {
      if (control(e.target)) {
        use();
      }
    },
    input: (e) => {
      if (e.target.id && root.contains(e.target)) {
        changed.add(e.target.id);
      }
    },
    click: (e) => {
      const b = e.target instanceof Element && e.target.closest("button");
      if (b && root.contains(b)) {
        e.preventDefault();
        e.stopImmediatePropagation();
        if (b.dataset.gesture) {
          // a passkey needs the person's own press: not replayed
        } else if (b.type === "submit") {
          submitted = b.id;
        } else if (b.hasAttribute("aria-pressed")) {
          toggled.has(b.id) ? toggled.delete(b.id) : toggled.add(b.id);
        } else {
          tapped = b.id;
        }
        use();
      }
    },
    submit: (e) => {
      if (root.contains(e.target)) {
        e.preventDefault();
        if (!submitted && e.submitter) {
          submitted = e.submitter.id;
        }
        use();
      }
    },
  };
  handlers.change = handlers.input;
  kabinetStartNow = use;
  for (const [type, h] of Object.entries(handlers)) {
    document.addEventListener(type, h, true);
  }
  const resized = () => {
    if (kabinetShowsAppOnly()) {
      use();
    }
  };
  addEventListener("resize", resized);
  // The mount replaces the page's root: in the same task (a mutation
  // observer runs before any input that waits), the new controls get what
  // the old ones held, then the tap is run.
  new MutationObserver((records, observer) => {
    if (root.isConnected) {
      return;
    }
    observer.disconnect();
    for (const [type, h] of Object.entries(handlers)) {
      document.removeEventListener(type, h, true);
    }
    removeEventListener("resize", resized);
    kabinetHandOver(root, changed, focused, [...toggled, tapped, submitted]);
  }).observe(document.body, { childList: true });
  marked.disabled = false;
  for (const el of document.querySelectorAll('[data-wait-app="true"]')) {
    el.disabled = false;
  }
}

function kabinetHandOver(root, changed, focused, taps) {
  const fire = (el, type) => el.dispatchEvent(new Event(type, { bubbles: true }));
  for (const id of changed) {
    const old = root.querySelector("#" + CSS.escape(id));
    const now = document.getElementById(id);
    if (!old || !now || old.tagName !== now.tagName || old.type !== now.type) {
      continue;
    }
    if (old.type === "checkbox" || old.type === "radio") {
      if (now.checked !== old.checked) {
        now.checked = old.checked;
        fire(now, "change");
      }
    } else if (now.value !== old.value) {
      now.value = old.value;
      fire(now, "input");
      if (now.tagName === "SELECT") {
        fire(now, "change");
      }
    }
  }
  if (focused && focused.id && (document.activeElement === document.body || document.activeElement === null)) {
    const now = document.getElementById(focused.id);
    if (now) {
      now.focus({ preventScroll: true });
      try {
        now.setSelectionRange(now.value.length, now.value.length);
      } catch (err) {} // not a text field
    }
  }
  for (const id of taps) {
    const now = id && document.getElementById(id);
    if (now && !now.disabled) {
      now.click();
    }
  }
}
