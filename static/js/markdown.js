// A tiny, safe markdown renderer for the lessons' prose. It escapes HTML
// first, then understands only: paragraphs, `inline code`, ``` fenced blocks ```,
// **bold**, *italics*, "- " and "1. " lists and [links](https://...). Nothing else is HTML.

export function escapeHtml(text) {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** Markdown source to an HTML string, safe to assign to innerHTML. */
export function renderMarkdown(source) {
  const lines = String(source || "").replace(/\r\n?/g, "\n").split("\n");
  const html = [];
  let paragraph = [];
  let list = null; // {tag: "ul" | "ol", items: []}

  const flush = () => {
    if (paragraph.length) html.push(`<p>${inline(joinLines(paragraph))}</p>`);
    if (list) html.push(`<${list.tag}>${list.items.map((item) => `<li>${inline(item)}</li>`).join("")}</${list.tag}>`);
    paragraph = [];
    list = null;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = line.match(/^\s*```\s*([\w-]*)\s*$/);
    const item = line.match(/^\s*(- |\d+[.)] )(.*)$/);
    if (fence) {
      flush();
      const code = [];
      for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i]); i++) code.push(lines[i]);
      html.push(codeBlock(code.join("\n"), fence[1]));
    } else if (/^\s*$/.test(line)) {
      flush();
    } else if (item) {
      const tag = item[1] === "- " ? "ul" : "ol";
      if (paragraph.length || (list && list.tag !== tag)) flush();
      list = list || { tag, items: [] };
      list.items.push(item[2]);
    } else if (list && /^\s+\S/.test(line)) {
      const items = list.items;
      items[items.length - 1] = joinLines([items[items.length - 1], line.trim()]);
    } else {
      if (list) flush();
      paragraph.push(line.trim());
    }
  }
  flush();
  return html.join("\n");
}

/** Chinese and Japanese characters and full-width punctuation: no space between lines of them. */
const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

/**
 * The lines of one paragraph as one text: joined by a space, as English
 * wraps, but not where a line ends or the next begins with a Chinese
 * character (Chinese has no spaces between words).
 */
function joinLines(lines) {
  return lines.reduce((text, line) => {
    if (text === "") return line;
    const tight = CJK.test(text.slice(-1)) || CJK.test(line.charAt(0));
    return text + (tight ? "" : " ") + line;
  }, "");
}

/** A fenced block; in ```http blocks the CORS header lines are highlighted. */
function codeBlock(code, language) {
  const lines = code.split("\n").map((line) => {
    const text = escapeHtml(line);
    return language === "http" && isCorsHeaderLine(line) ? `<mark>${text}</mark>` : text;
  });
  const attribute = language ? ` class="language-${escapeHtml(language)}"` : "";
  return `<pre><code${attribute}>${lines.join("\n")}</code></pre>`;
}

/** Lines such as "Origin: ..." or "Access-Control-Allow-Origin: *". */
export function isCorsHeaderLine(line) {
  return /^\s*(origin|access-control-[\w-]+)\s*:/i.test(line);
}

function inline(text) {
  // Code spans are set aside first (as \u0000n\u0000), so that ** and [ ] inside
  // them stay literal, while bold and links may still contain code spans.
  const spans = [];
  const rest = text.replaceAll("\u0000", "").replace(/`([^`]+)`/g, (_, code) => {
    spans.push(`<code>${escapeHtml(code)}</code>`);
    return `\u0000${spans.length - 1}\u0000`;
  });
  return emphasis(escapeHtml(rest)).replace(/\u0000(\d+)\u0000/g, (_, n) => spans[Number(n)]);
}

function emphasis(escaped) {
  return escaped
    .replace(/\*\*(.+?)\*\*/g, "<strong>$1</strong>")
    .replace(/(^|[^\w*])\*([^*\s][^*]*?)\*(?![\w*])/g, "$1<em>$2</em>")
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (whole, label, url) =>
      /^(https?:\/\/|#|\/)/.test(url) ? `<a href="${url}">${label}</a>` : whole,
    );
}
