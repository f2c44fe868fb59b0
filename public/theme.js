// Applies the reader's chosen colour theme before the page paints, so it never flashes the other one.
// Loaded as a blocking script in <head> (not inline, so a strict Content-Security-Policy allows it);
// src/client/theme.ts keeps the choice.
try {
  var theme = localStorage.getItem('verbatim-theme');
  if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
} catch (e) {}
