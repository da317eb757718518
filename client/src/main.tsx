// Tokens and the global base come first, so every component's own rules can build on them.
import "./design/tokens.css";
import "./design/base.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { applyTheme, readTheme } from "./lib/theme";
import { prefillForAddress } from "./sync/tabPool";

applyTheme(readTheme());
prefillForAddress(window.location.pathname);

const root = document.getElementById("root");
if (!root) throw new Error("index.html lacks #root");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
