/**
 * A CPU profile as one HTML file that opens offline: speedscope (MIT, pinned in package.json)
 * inlined with its stylesheet and font, and the profile inside as base64. speedscope loads a
 * local profile by appending a script whose src is `#localProfilePath`; the page catches that
 * append and hands the embedded profile over instead, so nothing is requested.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface ViewerAssets {
  script: string;
  style: string;
  /** The stylesheet's font as a data: URL (empty: the browser's monospace font). */
  fontDataUrl: string;
}

/** What a profile's name would need escaping for inside a script block. */
function scriptLiteral(value: string): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

const MARK = 'greenline-embedded-profile';

/** The page: `name` is shown as the profile's title (and picks speedscope's importer: `.cpuprofile`). */
export function flamegraphHtml(profileJson: string, name: string, viewer: ViewerAssets): string {
  const style = viewer.style
    .replace(/url\("?\.\/[^")]+\.woff2"?\)/g, viewer.fontDataUrl ? `url("${viewer.fontDataUrl}")` : 'local("Source Code Pro")')
    .replace(/\/\*# sourceMappingURL=[^*]*\*\//g, '');
  // An inline script ends at the first `</script`; the bundle has none today, but a newer one might.
  const script = viewer.script.replace(/<\/script/gi, '<\\/script').replace(/\/\/# sourceMappingURL=\S*\s*$/, '');
  const data = Buffer.from(profileJson).toString('base64');
  const loader = `(function () {
  var name = ${scriptLiteral(name)}, data = ${scriptLiteral(data)}, mark = ${scriptLiteral(MARK)};
  history.replaceState(null, '', '#localProfilePath=' + mark + '&title=' + encodeURIComponent(name));
  var append = document.head.appendChild;
  document.head.appendChild = function (node) {
    if (node && node.tagName === 'SCRIPT' && String(node.src).indexOf(mark) !== -1) {
      document.head.appendChild = append;
      setTimeout(function () { window.speedscope.loadFileFromBase64(name, data); }, 0);
      return node;
    }
    return append.call(this, node);
  };
})();`;
  return `<!DOCTYPE html>
<html>
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${name.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`)} — CPU flame graph</title>
<style>${style.replace(/<\/style/gi, '<\\/style')}</style>
</head>
<body>
<script>${loader}</script>
<script>${script}</script>
</body>
</html>
`;
}

/** speedscope's release files from node_modules. */
export function loadSpeedscope(): ViewerAssets {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('speedscope/package.json')), 'dist', 'release');
  const files = readdirSync(dir);
  const find = (re: RegExp) => {
    const file = files.find((f) => re.test(f));
    if (!file) throw new Error(`speedscope's ${re} is missing from ${dir}: reinstall (npm ci)`);
    return join(dir, file);
  };
  const font = files.find((f) => f.endsWith('.woff2'));
  return {
    script: readFileSync(find(/^speedscope-.*\.js$/), 'utf8'),
    style: readFileSync(find(/^speedscope-.*\.css$/), 'utf8'),
    fontDataUrl: font ? `data:font/woff2;base64,${readFileSync(join(dir, font)).toString('base64')}` : '',
  };
}
