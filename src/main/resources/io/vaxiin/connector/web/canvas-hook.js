// Installed in every document of the viewer's page (CDP Page.addScriptToEvaluateOnNewDocument),
// and again after load in the canvas's own frame: wraps the drawing calls of the 2D context so a
// drawing on the watched canvas (the one Vaxiin marked __vaxiinWatched) tells Vaxiin through the
// CDP binding vaxiinCanvasChanged. A burst of calls (a viewer draws a frame in many rectangles)
// is one call of the binding, made once the current task is over, when the canvas holds them all.
(() => {
  const w = window;
  if (w.__vaxiinHooked || typeof CanvasRenderingContext2D === 'undefined') return !!w.__vaxiinHooked;
  let pending = false;
  const tell = () => {
    if (pending) return;
    pending = true;
    setTimeout(() => {
      pending = false;
      if (typeof w.vaxiinCanvasChanged === 'function') w.vaxiinCanvasChanged('');
    }, 0);
  };
  const proto = CanvasRenderingContext2D.prototype;
  for (const name of ['putImageData', 'drawImage', 'fillRect', 'clearRect', 'strokeRect', 'fillText', 'strokeText', 'fill',
                      'stroke', 'reset']) {
    const original = proto[name];
    if (typeof original !== 'function') continue;
    proto[name] = function (...args) {
      const result = original.apply(this, args);
      if (this.canvas && this.canvas.__vaxiinWatched) tell();
      return result;
    };
  }
  // Which kind of context each canvas drew with: a WebGL or bitmap canvas never calls the 2D
  // context's methods, so its changes cannot be heard here (Vaxiin then reads it at a low rate).
  const getContext = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
    const ctx = getContext.call(this, type, ...rest);
    if (ctx && !this.__vaxiinContext) this.__vaxiinContext = String(type);
    return ctx;
  };
  // A new width or height clears the canvas (a viewer does it when the console's resolution changes).
  for (const dim of ['width', 'height']) {
    const d = Object.getOwnPropertyDescriptor(HTMLCanvasElement.prototype, dim);
    if (!d || !d.set) continue;
    Object.defineProperty(HTMLCanvasElement.prototype, dim, {
      configurable: true, enumerable: d.enumerable, get: d.get,
      set(v) { d.set.call(this, v); if (this.__vaxiinWatched) tell(); }
    });
  }
  w.__vaxiinHooked = true;
  return true;
})();
