#include "util/html_markdown.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <optional>
#include <vector>

#include "util/html_tags.hpp"
#include "util/text.hpp"
#include "util/url.hpp"

namespace composer::html {
namespace {

// ---------------------------------------------------------------- escaping

// Emphasis is written first as marks, one byte each that valid UTF-8 never
// holds, and its delimiters chosen once the whole run of inline content is
// written, when what is next to each mark is known. CommonMark decides from
// the characters around a run of '*', '_' or '~' whether it opens or closes,
// and joins runs that touch: HTML that cmark made, once the tidy has removed
// markers from it, can have emphasis where no delimiter would read back
// (<strong>a</strong><strong>b</strong> is not "**a****b**").
enum MarkByte : unsigned char { kEmOpen = 0xF8, kEmClose, kStrongOpen, kStrongClose, kDelOpen, kDelClose };

bool is_mark(unsigned char c) { return c >= kEmOpen && c <= kDelClose; }

// Before a '_' or an '&' whose escape waits for what will stand beside it:
// an emphasis mark, which may be left out, or the next text (settle_escapes).
constexpr char kMaybeEscape = static_cast<char>(0xFE);

// A carriage return in text, as written: Markdown would read the character
// itself as a line ending.
constexpr std::string_view kCarriageReturn = "&#13;";

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         static_cast<unsigned char>(c) >= 0x80;
}

bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_control(char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; }
bool is_ascii_alnum(char c) { return is_ascii_alpha(c) || (c >= '0' && c <= '9'); }

// Where, in `escaped`, cmark-gfm's autolink extension would start a link at
// `i`, the position to escape so that it does not: the ':' of "http://",
// "https://" or "ftp://" (the whole run of letters before it names the scheme),
// or the '.' of "www." after a space, the line start or one of "*_~(".
// (Emphasis marks not yet resolved are looked past inside "://" and
// "www.": a pair that resolve_emphasis leaves out joins what is around it.)
// `last` is set to where the pattern ends.
std::size_t autolink_guard(std::string_view escaped, std::size_t i, std::size_t& last) {
  constexpr std::size_t none = std::string_view::npos;
  // Where `chars` follow from i, marks aside: the position of the last.
  const auto follows = [&](std::string_view chars) {
    std::size_t at = i;
    for (std::size_t k = 0; k < chars.size(); ++k, ++at) {
      while (k > 0 && at < escaped.size() && is_mark(static_cast<unsigned char>(escaped[at]))) ++at;
      if (at >= escaped.size() || escaped[at] != chars[k]) return none;
    }
    return at - 1;
  };
  if (const std::size_t slash = follows("://"); slash != none) {
    last = slash;
    // (A mark before the scheme is taken for the delimiter it mostly
    // becomes, which ends the scheme.)
    std::size_t start = i;
    while (start > 0 && is_ascii_alpha(escaped[start - 1])) --start;
    const std::string_view scheme = escaped.substr(start, i - start);
    const bool linked = text::equals_ignoring_case(scheme, "http") || text::equals_ignoring_case(scheme, "https") ||
                        text::equals_ignoring_case(scheme, "ftp");
    return linked ? i : none;
  }
  // (An emphasis mark is written as one of "*_~".)
  const std::size_t dot = follows("www.");
  if (dot != none && (i == 0 || std::string_view(" \t\n\r\f\v*_~(").find(escaped[i - 1]) != std::string_view::npos ||
                      is_mark(static_cast<unsigned char>(escaped[i - 1])))) {
    last = dot;
    return dot;
  }
  return none;
}

// The autolink extension takes its URL from the raw line, up to a space or
// '<', before backslash escapes are read: an escape inside it would stay a
// literal backslash ("https://a.org/x\*" links to ".../x\*"). Where the
// escaping of out[from…] put one there, the link is broken up instead, with
// "https\://" or "www\.", which read back as the same plain text; and
// everywhere with `every`: text outside a link is text because it was no
// link where it was read (a link is an element, written as one), and an
// address in it would read back as one.
//
// `open`, when given, holds the addresses left as they are in earlier texts
// of the same run of inlines whose run has not ended yet: an escape in this
// text can be inside them (the next read may find the two texts one).
void guard_autolinks(std::string& out, std::size_t from, bool every, std::vector<std::size_t>* open) {
  constexpr std::string_view kEnds = " \t\n\r\f\v<";
  // Whether out[at…end) holds an escape, or a reference that the autolink
  // would take raw.
  const auto escaped = [&out](std::size_t at, std::size_t end) {
    return out.find('\\', at) < end || out.find(kCarriageReturn, at) < end;
  };
  std::vector<std::size_t> guards;
  std::vector<std::size_t> still_open;  // left as they are, their run not ended
  if (open && !open->empty()) {
    // (No escape is between them and `from`: they would have been guarded.)
    const std::size_t end = std::min(out.find_first_of(kEnds, from), out.size());
    if (escaped(from, end)) {
      guards = *open;
    } else if (end == out.size()) {
      still_open = *open;
    }
  }
  // From three characters back, marks aside: "w" + "ww.", or "http:/" +
  // "/", from two texts (what lies whole in the earlier text was seen with it).
  std::size_t back = from;
  for (int chars = 0; back > 0 && chars < 3;) {
    if (!is_mark(static_cast<unsigned char>(out[--back]))) ++chars;
  }
  for (std::size_t i = back; i < out.size(); ++i) {
    if (out[i] != ':' && out[i] != 'w') continue;
    std::size_t last = 0;
    const std::size_t guard = autolink_guard(out, i, last);
    if (guard == std::string_view::npos || last < from) continue;
    const std::size_t end = std::min(out.find_first_of(kEnds, guard), out.size());
    if (every || escaped(guard, end)) {
      guards.push_back(guard);
    } else if (open && end == out.size()) {
      still_open.push_back(guard);
    }
  }
  for (auto guard = guards.rbegin(); guard != guards.rend(); ++guard) out.insert(*guard, 1, '\\');
  if (!open) return;
  // Each moves by the guards put before it (both lists ascend).
  std::size_t before = 0;
  for (std::size_t& at : still_open) {
    while (before < guards.size() && guards[before] < at) ++before;
    at += before;
  }
  open->swap(still_open);
}

// An address as CommonMark's email autolinks want it, else "<…>" would
// read as text (GFM links "a@.b.org" in text, CommonMark not in brackets).
bool is_autolink_email(std::string_view address) {
  const auto at = address.find('@');
  if (at == 0 || at == std::string_view::npos) return false;
  for (const char c : address.substr(0, at)) {
    if (!is_ascii_alnum(c) && std::string_view(".!#$%&'*+/=?^_`{|}~-").find(c) == std::string_view::npos) return false;
  }
  std::string_view domain = address.substr(at + 1);
  while (true) {
    const std::string_view label = domain.substr(0, domain.find('.'));
    if (label.empty() || label.size() > 63 || !is_ascii_alnum(label.front()) || !is_ascii_alnum(label.back()) ||
        !std::all_of(label.begin(), label.end(), [](char c) { return is_ascii_alnum(c) || c == '-'; })) {
      return false;
    }
    if (label.size() == domain.size()) return true;
    domain.remove_prefix(label.size() + 1);
  }
}

// A scheme as CommonMark's autolinks want it: 2 to 32 characters.
std::string_view url_scheme(std::string_view url) {
  const auto colon = url.find(':');
  if (colon == std::string_view::npos || colon < 2 || colon > 32) return {};
  for (std::size_t i = 0; i < colon; ++i) {
    const char c = url[i];
    const bool ok = is_ascii_alpha(c) || (i > 0 && (is_ascii_alnum(c) || c == '+' || c == '.' || c == '-'));
    if (!ok) return {};
  }
  return url.substr(0, colon);
}

// Whether text[i], an '&', starts what CommonMark reads as an entity or a
// numeric character reference ("&gt;", "&#62;"), in a link's address and
// title too. There cmark decodes references before backslash escapes, so
// such an '&' is written "&amp;"; in an autolink, which has no escapes,
// they are decoded too.
bool starts_reference(std::string_view text, std::size_t i) {
  std::size_t j = i + 1;
  while (j < text.size() && j - i <= 32 && (is_ascii_alnum(text[j]) || text[j] == '#')) ++j;
  return j > i + 1 && j < text.size() && text[j] == ';';
}

// "<https://…>" or "<someone@example.org>": a link whose text is the
// address it goes to, when CommonMark reads that form back. Returns whether
// it wrote one.
bool write_autolink(std::string& out, std::string_view text, std::string_view href) {
  const bool bracketable = std::none_of(href.begin(), href.end(), [](char c) {
    return static_cast<unsigned char>(c) <= ' ' || c == '<' || c == '>';
  });
  if (!bracketable) return false;
  for (std::size_t i = href.find('&'); i != std::string_view::npos; i = href.find('&', i + 1)) {
    if (starts_reference(href, i)) return false;
  }
  const bool address = text == href && !url_scheme(href).empty();
  const bool mail = !address && text::starts_with(href, "mailto:") && text == href.substr(7) && is_autolink_email(text);
  if (!address && !mail) return false;
  // "<?…" and "<!…" open an HTML block where a line starts ("<?@x>",
  // "<!a@x.org>" are e-mail autolinks inside a line): the link is written
  // with its text instead.
  if (mail && (text.front() == '?' || text.front() == '!')) return false;
  out += '<';
  out += text;
  out += '>';
  return true;
}

// The '[' that opens a link's text; a '!' of the text before it would make
// the link an image.
void open_link_text(std::string& out) {
  if (!out.empty() && out.back() == '!') out.insert(out.size() - 1, 1, '\\');
  out += '[';
}

// Where cmark-gfm's autolink extension finds an e-mail address in a text
// (extensions/autolink.c, postprocess_text, whose steps this follows): the
// spans [begin, end), and whether the text there holds its own scheme
// ("mailto:" or "xmpp:"). It runs on whole texts once cmark has read them,
// after backslash escapes: no escape keeps an address in text from
// becoming a link, so text outside a link writes each as the link it will be.
struct EmailSpan {
  std::size_t begin, end;
  bool has_scheme;
};

std::vector<EmailSpan> email_autolinks(std::string_view data) {
  std::vector<EmailSpan> spans;
  const auto alnum = [](char c) { return is_ascii_alnum(c); };
  // A scheme right before the part rewound over, at the text's start or
  // after a character that is no letter or digit.
  const auto scheme_before = [&](std::string_view scheme, std::size_t end, std::size_t floor) {
    if (end < floor + scheme.size() || data.substr(end - scheme.size(), scheme.size()) != scheme) return false;
    return end - scheme.size() == floor || !alnum(data[end - scheme.size() - 1]);
  };
  std::size_t start = 0, offset = 0, remaining = data.size();
  while (offset < remaining) {
    const std::size_t at = data.find('@', start + offset);
    if (at == std::string_view::npos || at >= start + remaining) break;
    std::size_t max_rewind = at - (start + offset);
    bool auto_mailto = true, is_xmpp = false;
    std::size_t rewind = 0, link_end = 0, np = 0;  // np: as cmark, not reset for another '@'
    for (bool retry = true; retry;) {
      retry = false;
      const std::size_t base = start + offset + max_rewind;  // the '@'
      for (rewind = 0; rewind < max_rewind; ++rewind) {
        const char c = data[base - rewind - 1];
        if (alnum(c) || c == '.' || c == '+' || c == '-' || c == '_') continue;
        if (c == ':' && scheme_before("mailto:", base - rewind, start + offset)) {
          auto_mailto = false;
          continue;
        }
        if (c == ':' && scheme_before("xmpp:", base - rewind, start + offset)) {
          auto_mailto = false;
          is_xmpp = true;
          continue;
        }
        break;
      }
      if (rewind == 0) break;
      for (link_end = 1; link_end < remaining - offset - max_rewind; ++link_end) {
        const char c = data[base + link_end];
        if (alnum(c)) continue;
        if (c == '@') {  // another '@': the address may end there
          offset += max_rewind + 1;
          max_rewind = link_end - 1;
          retry = true;
          break;
        }
        if (c == '.' && link_end < remaining - offset - max_rewind - 1 && alnum(data[base + link_end + 1])) ++np;
        else if (c == '/' && is_xmpp) continue;
        else if (c != '-' && c != '_') break;
      }
    }
    if (rewind == 0) {
      offset += max_rewind + 1;
      continue;
    }
    const std::size_t base = start + offset + max_rewind;
    const char last = data[base + link_end - 1];
    if (link_end < 2 || np == 0 || (!is_ascii_alpha(last) && last != '.')) {
      offset += max_rewind + link_end;
      continue;
    }
    // Trailing punctuation is no part of it (autolink_delim; the only such
    // characters an address can end with).
    while (link_end > 0 && std::string_view("?!.,:*_~'\"").find(data[base + link_end - 1]) != std::string_view::npos) {
      --link_end;
    }
    if (link_end == 0) {
      offset += max_rewind + 1;
      continue;
    }
    spans.push_back({base - rewind, base + link_end, !auto_mailto});
    const std::size_t consumed = offset + max_rewind + link_end;
    start += consumed;
    remaining -= consumed;
    offset = 0;
  }
  return spans;
}

// Whether the character at `pos`, or the one that ends at `end`, is a
// word's as CommonMark's flanking rules class it: neither white space nor
// punctuation ("，" is punctuation). A mark or a placeholder is none (a byte
// no UTF-8 holds otherwise; in text that is not UTF-8, a word's).
bool word_char_at(std::string_view s, std::size_t pos) {
  if (pos >= s.size()) return false;
  const auto byte = static_cast<unsigned char>(s[pos]);
  if (byte >= kEmOpen) return !is_mark(byte) && s[pos] != kMaybeEscape;
  const char32_t cp = text::decode_utf8(s, pos);
  return !text::is_markdown_space(cp) && !text::is_markdown_punctuation(cp);
}
bool word_char_before(std::string_view s, std::size_t end) {
  if (end == 0) return false;
  std::size_t start = end - 1;
  while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
  return word_char_at(s, start);
}

// Whether the last character written is a word's (an emphasis mark is not).
bool written_alnum(const std::string& out) { return word_char_before(out, out.size()); }

// Each '_' that waited (kMaybeEscape) is escaped unless a word's characters
// now stand on both sides of it, the emphasis marks beside it written or
// left out; each '&' that waited, when a name or '#' now follows it.
void settle_escapes(std::string& s) {
  std::size_t at = s.find(kMaybeEscape);
  if (at == std::string::npos) return;
  std::string out;
  out.reserve(s.size() + 8);
  std::size_t copied = 0;
  for (; at != std::string::npos; at = s.find(kMaybeEscape, at + 1)) {
    out.append(s, copied, at - copied);
    copied = at + 1;
    const std::size_t next = at + 2;  // past the '_' or '&'
    bool escape;
    if (s[at + 1] == '&') {
      escape = next < s.size() && s[next] != kMaybeEscape && (is_alnum(s[next]) || s[next] == '#');
    } else {
      escape = !(word_char_before(out, out.size()) && word_char_at(s, next));
    }
    if (escape) out += '\\';
  }
  out.append(s, copied, std::string::npos);
  s = std::move(out);
}

// Escapes what CommonMark would read as inline markup anywhere in a line;
// '|' too, always: a paragraph line with pipes followed by a delimiter row
// would otherwise become a table.
void escape_text(std::string& out, std::string_view text, bool no_autolinks, std::vector<std::size_t>* open) {
  const std::size_t from = out.size();
  static const auto markup = [] {
    std::array<bool, 256> table{};
    for (const char c : std::string_view("\\`*[]<~|_&\r#")) table[static_cast<unsigned char>(c)] = true;
    return table;
  }();
  std::size_t copied = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (!markup[static_cast<unsigned char>(c)]) continue;
    bool escape = false;
    switch (c) {
      case '\\': case '`': case '*': case '[': case ']': case '<': case '~': case '|':
        escape = true;
        break;
      case '_': {
        // snake_case stays as written: an underscore inside a word never
        // opens or closes emphasis. (What comes before may be written
        // already, from another text: a link's, say; an emphasis mark there,
        // or the end of this text, leaves it to settle_escapes.)
        const bool after_mark = i == 0 && !out.empty() && is_mark(static_cast<unsigned char>(out.back()));
        const bool last = i + 1 == text.size();
        const bool word_before = i > 0 ? word_char_before(text, i) : after_mark || written_alnum(out);
        const bool word_after = last || word_char_at(text, i + 1);
        if (word_before && word_after) {
          if (after_mark || last) {
            out.append(text.data() + copied, i - copied);
            out += kMaybeEscape;
            copied = i;
          }
          continue;
        }
        escape = true;
        break;
      }
      case '&':
        // At the end of a text, the next text, a link's say, may go on with
        // a name ("&" then "amp;" would read as one reference): settle_escapes
        // decides once the emphasis marks between are written or left out.
        if (i + 1 == text.size()) {
          out.append(text.data() + copied, i - copied);
          out += kMaybeEscape;
          copied = i;
          continue;
        }
        escape = is_alnum(text[i + 1]) || text[i + 1] == '#';
        break;
      case '#': {
        // Right after a link's or an image's '[', "[## title ## …" would open
        // a Medium card flattened onto one line (parse/prepare.cpp): a run of
        // one to six '#' and a space. ("[#123](…)" is no such run.)
        if (i != 0 || out.empty() || out.back() != '[') break;
        const std::size_t run = std::min(text.find_first_not_of('#'), text.size());
        escape = run <= 6 && run < text.size() && text[run] == ' ';
        break;
      }
      case '\r':
        // A carriage return in a text is a character, where Markdown would
        // read a line ending: written as a reference.
        out.append(text.data() + copied, i - copied);
        out += kCarriageReturn;
        copied = i + 1;
        continue;
      default:
        break;
    }
    if (!escape) continue;
    out.append(text.data() + copied, i - copied);
    out += '\\';
    copied = i;
  }
  out.append(text.data() + copied, text.size() - copied);
  guard_autolinks(out, from, no_autolinks, open);
}

// Whether the '\\' at `at` escapes what follows it: the run of backslashes
// that ends there is odd (an even one is escaped backslashes).
bool escaping_backslash(std::string_view s, std::size_t at) {
  std::size_t run = 1;
  while (run <= at && s[at - run] == '\\') ++run;
  return run % 2 == 1;
}

// A character an e-mail address as GFM links it can hold, its scheme
// ("mailto:", "xmpp:") and an XMPP resource ("/r") included.
bool address_char(char c) {
  return is_ascii_alnum(c) || std::string_view(".+-_@:/").find(c) != std::string_view::npos;
}

// The characters at the end of `out` that an e-mail address can hold, as the
// text they were written from ("a\\_b" is "a_b"), and where they start in
// `out`; nothing when more than `kMost` of them are there. An emphasis mark
// or any other character ends them (a backslash, when it is no escape).
struct WrittenAddress {
  std::size_t start;
  std::string text;
};
std::optional<WrittenAddress> address_written(const std::string& out) {
  constexpr std::size_t kMost = 320;  // an address is at most 254 characters
  std::size_t k = out.size();
  while (k > 0 && out.size() - k <= kMost) {
    const char c = out[k - 1];
    if (address_char(c) || c == kMaybeEscape) {
      --k;
    } else if (c == '\\' && k < out.size() && out[k] != '\\' && escaping_backslash(out, k - 1)) {
      --k;
    } else {
      break;
    }
  }
  if (k == out.size() || out.size() - k > kMost) return std::nullopt;
  // An "&" escaped for the name that followed it ("\&ww"): the name may
  // go into a link, and the "&" is decided again beside what is written.
  if (k >= 2 && out[k - 1] == '&' && out[k - 2] == '\\' && escaping_backslash(out, k - 2)) k -= 2;
  WrittenAddress written{k, {}};
  for (std::size_t i = k; i < out.size(); ++i) {
    if (out[i] != '\\' && out[i] != kMaybeEscape) written.text += out[i];
  }
  return written;
}

// Whether GFM, reading `written` and `text` as one text, finds other e-mail
// addresses in `text` than in it alone: one that starts in `written`, or
// others, as its scan depends on what is before the first '@'. Only the
// text's first run of address characters can go on with `written`.
bool addresses_differ_joined(std::string_view written, std::string_view text) {
  std::size_t run = 0;
  while (run < text.size() && address_char(text[run])) ++run;
  std::string joined(written);
  joined += text.substr(0, run);
  if (joined.find('@') == std::string::npos) return false;
  const std::vector<EmailSpan> apart = email_autolinks(text.substr(0, run));
  std::size_t k = 0;
  for (const EmailSpan& email : email_autolinks(joined)) {
    if (email.end <= written.size()) continue;
    if (email.begin < written.size() || k == apart.size() || apart[k].begin != email.begin - written.size() ||
        apart[k].end != email.end - written.size()) {
      return true;
    }
    ++k;
  }
  return k != apart.size();
}

// Plain text, in a link's text or not (`no_autolinks`): see escape_text,
// and guard_autolinks for `open`. Outside a link, an e-mail address becomes
// a link on the next read whatever the escaping, so it is written as that link;
// one that an earlier text of the run starts too ("r", then "@a.org" after
// something left out), as the texts will be one when read again.
void escape_inline(std::string& out, std::string_view text, bool no_autolinks,
                   std::vector<std::size_t>* open = nullptr) {
  std::string joined;
  if (no_autolinks && !text.empty() && address_char(text.front())) {
    auto written = address_written(out);
    if (written && addresses_differ_joined(written->text, text)) {
      out.resize(written->start);
      // (The addresses left open there, "www.a" then "@b.org", are written
      // again with the rest.)
      if (open) {
        const auto cut = [&](std::size_t at) { return at >= written->start; };
        open->erase(std::remove_if(open->begin(), open->end(), cut), open->end());
      }
      joined = std::move(written->text);
      joined += text;
      text = joined;
    }
  }
  const std::vector<EmailSpan> emails =
      no_autolinks && text.find('@') != std::string_view::npos ? email_autolinks(text) : std::vector<EmailSpan>{};
  std::size_t from = 0;
  for (const EmailSpan& email : emails) {
    escape_text(out, text.substr(from, email.begin - from), true, open);
    const std::string_view address = text.substr(email.begin, email.end - email.begin);
    const std::string href = email.has_scheme ? std::string(address) : "mailto:" + std::string(address);
    // As the link it becomes is written (Writer::link), which ends the
    // addresses being written, and no address goes on into it.
    if (open) open->clear();
    if (!write_autolink(out, address, href)) {
      open_link_text(out);
      escape_text(out, address, false, open);
      out += "](";
      write_destination(out, href);
      out += ')';
    }
    if (open) open->clear();
    from = email.end;
  }
  escape_text(out, text.substr(from), no_autolinks, open);
}

// A paragraph's text with its blank lines closed up: cmark writes a soft
// break as one newline, but a text can hold more ("foo&#10;&#10;bar"), as can
// two around raw HTML that safe mode left out, and a blank line would end the
// paragraph in the Markdown. HTML shows both as one space. Spaces and tabs
// around a line break go too (raw HTML left out, or "foo &#10;", can leave
// them): the parser drops them on the next read (two before a break would
// make it a hard one), and HTML shows none.
std::string without_blank_lines(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t copied = 0;  // the text up to here is in `out`
  for (std::size_t i = text.find('\n'); i != std::string_view::npos; i = text.find('\n', i)) {
    std::size_t start = i;
    while (start > copied && (text[start - 1] == ' ' || text[start - 1] == '\t')) --start;
    std::size_t end = i + 1;
    while (end < text.size() && (text[end] == ' ' || text[end] == '\t' || text[end] == '\n')) ++end;
    out.append(text.data() + copied, start - copied);
    out += '\n';
    copied = end;
    i = end;
  }
  out.append(text.data() + copied, text.size() - copied);
  return out;
}

// Escapes, at the start of every line of `markdown`, what would open a block:
// a heading, a quote, a list entry, a setext underline, a thematic break or
// a table's delimiter row (":--", or "-" after a vertical tab or a form feed,
// which GFM's table extension counts as spaces: it turns the line above into
// a table, of one cell as the row has, once its pipes are escaped).
std::string escape_line_starts(std::string_view markdown) {
  std::string out;
  out.reserve(markdown.size() + 8);
  std::size_t line = 0;
  while (line < markdown.size()) {
    const char c = markdown[line];
    std::size_t copy_from = line;
    const std::size_t end = std::min(markdown.find('\n', line), markdown.size());
    const std::string_view text = markdown.substr(line, end - line);
    const bool delimiter_row = c != '-' && text.find('-') != std::string_view::npos &&
                               text.find_first_not_of(" \t\v\f|:-") == std::string_view::npos;
    if (delimiter_row) {
      const std::size_t first = text.find_first_not_of(" \t\v\f");
      out.append(text.data(), first);
      out += '\\';
      copy_from = line + first;
    } else if (c == '#' || c == '>' || c == '-' || c == '+' || c == '=') {
      out += '\\';
    } else if (c >= '0' && c <= '9') {
      std::size_t j = line;
      while (j < markdown.size() && j - line < 10 && markdown[j] >= '0' && markdown[j] <= '9') ++j;
      if (j < markdown.size() && (markdown[j] == '.' || markdown[j] == ')')) {
        out.append(markdown.data() + line, j - line);
        out += '\\';
        copy_from = j;
      }
    }
    const std::size_t next = std::min(end + 1, markdown.size());
    out.append(markdown.data() + copy_from, next - copy_from);
    line = next;
  }
  return out;
}

// Whether a paragraph's next line, starting with `rest`, might open a block
// or lose its leading white space, given that it holds more than the
// characters of a rule, an underline or a table's delimiter row (a "[x]").
bool may_open_block(std::string_view rest) {
  if (rest.empty()) return true;
  const char c = rest.front();
  const char next = rest.size() > 1 ? rest[1] : ' ';
  const bool space_next = next == ' ' || next == '\t';
  switch (c) {
    case ' ': case '\t': case '\v': case '\f': case '#': case '>': case '<': return true;
    case '-': case '+': case '*': return space_next;
    case '`': case '~': return rest.substr(0, 3) == std::string(3, c);
    case '[': return next == '^';
    default: break;
  }
  if (c < '0' || c > '9') return false;
  const std::size_t digits = rest.find_first_not_of("0123456789");
  return digits == std::string_view::npos || rest[digits] == '.' || rest[digits] == ')';
}

// cmark-gfm's tasklist extension marks an entry done when "[x]" or "[X]"
// is anywhere on the line of its box, not only in the box (tasklist.c looks
// for it with strstr over the whole line). Text writes "\[", but a code span
// holds its text as it is, and one that spans lines in the source is written
// on one line: a "[x]" from its second line would come up onto the box's
// and tick it. The span is broken again at one of its spaces before the
// "[x]" (a line ending in code reads as a space), where the next line
// cannot open a block. (A "[x]" with no such space before it in its span
// was on the box's line in the source too, and ticked it there.)
void keep_task_open(std::string& entry) {
  const std::string_view line = std::string_view(entry).substr(0, entry.find('\n'));
  std::size_t tick = std::string_view::npos;
  for (const std::string_view mark : {"[x]", "[X]"}) tick = std::min(tick, line.find(mark, 3));
  if (tick == std::string_view::npos) return;
  // The code span around the tick: a run of backticks opens one, the next
  // run as long closes it; outside code a backslash escapes a backtick.
  const auto run_at = [&line](std::size_t i) {
    std::size_t j = i;
    while (j < line.size() && line[j] == '`') ++j;
    return j - i;
  };
  std::size_t span_start = std::string_view::npos;
  for (std::size_t i = 0; i < tick;) {
    if (line[i] != '`') {
      i += line[i] == '\\' ? 2 : 1;
      continue;
    }
    const std::size_t run = run_at(i);
    std::size_t close = i + run;
    while (close < line.size() && !(line[close] == '`' && run_at(close) == run)) {
      close += line[close] == '`' ? run_at(close) : 1;
    }
    if (close >= line.size()) return;  // no span: the backticks are text
    if (close > tick) {
      span_start = i + run;
      break;
    }
    i = close + run;
  }
  if (span_start == std::string_view::npos) return;
  for (std::size_t at = tick; at-- > span_start + 1;) {
    if (line[at] == ' ' && line[at - 1] != ' ' && !may_open_block(line.substr(at + 1))) {
      entry[at] = '\n';
      return;
    }
  }
}

// "## content"; a trailing run of '#' in `content` (escaped Markdown) is
// escaped, or CommonMark would drop it as the heading's closing sequence.
std::string atx_heading(int level, std::string content) {
  std::size_t run = content.size();
  while (run > 0 && content[run - 1] == '#') --run;
  const bool after_space = run > 0 && (content[run - 1] == ' ' || content[run - 1] == '\t');
  if (run < content.size() && (run == 0 || after_space)) content.insert(run, "\\");
  std::string out(static_cast<std::size_t>(level), '#');
  if (!content.empty()) out += ' ' + content;
  return out;
}

void write_title(std::string& out, std::string_view title) {
  if (title.empty()) return;
  out += " \"";
  std::size_t copied = 0;  // the title up to here is in `out`
  for (std::size_t i = 0; i < title.size(); ++i) {
    if (title[i] == '&' && starts_reference(title, i)) {
      out.append(title.data() + copied, i - copied);
      out += "&amp;";
      copied = i + 1;
    } else if (title[i] == '\n' || title[i] == '\r') {
      // Two would make a blank line, which ends the paragraph.
      out.append(title.data() + copied, i - copied);
      out += title[i] == '\n' ? "&#10;" : "&#13;";
      copied = i + 1;
    } else if (title[i] == '"' || title[i] == '\\') {
      out.append(title.data() + copied, i - copied);
      out += '\\';
      copied = i;
    }
  }
  out.append(title.data() + copied, title.size() - copied);
  out += '"';
}

// ---------------------------------------------------------------- the tree

struct Node {
  Token tag;              // elements: the start tag
  std::string text;       // text nodes: decoded
  bool element = false;
  std::vector<int> children;
};

// Elements nest at most this deep; deeper ones are left out and their
// content goes to the deepest (as siblings there they came back nested
// otherwise on the next round). The writer below recurses once per level,
// and a hostile source nests quotes or emphasis hundreds of thousands deep,
// which would overflow the stack (WebAssembly's in a browser first). No real
// issue nests anywhere near this.
constexpr std::size_t kMaxNesting = 64;

class Tree {
 public:
  explicit Tree(std::string_view html) {
    // About one node per tag and one per text between tags.
    nodes_.reserve(2 * static_cast<std::size_t>(std::count(html.begin(), html.end(), '<')) + 2);
    nodes_.emplace_back();  // the root
    nodes_[0].element = true;
    std::vector<int> open{0};
    Reader reader(html);
    Token token;
    bool after_break = false;
    std::size_t too_deep = 0;  // elements left out, whose end tags are still to come
    while (reader.next(token)) {
      switch (token.kind) {
        case Token::comment:
          break;
        case Token::text: {
          std::string_view raw = token.raw;
          // cmark ends a <br /> with a newline of its own.
          if (after_break && !raw.empty() && raw.front() == '\n') raw.remove_prefix(1);
          if (raw.empty()) break;
          // Text on both sides of a comment (raw HTML that cmark left out)
          // is one text, as it reads back once the comment is gone.
          const std::vector<int>& siblings = nodes_[open.back()].children;
          if (!siblings.empty() && !nodes_[siblings.back()].element) {
            nodes_[siblings.back()].text += decode(raw);
            break;
          }
          const int index = add(open.back());
          nodes_[index].text = decode(raw);
          break;
        }
        case Token::start_tag: {
          const bool opens = !token.self_closing && !is_void_element(token.name);
          if (opens && open.size() > kMaxNesting) {
            ++too_deep;
            break;
          }
          const int index = add(open.back());
          nodes_[index].element = true;
          nodes_[index].tag = token;
          if (opens) open.push_back(index);
          break;
        }
        case Token::end_tag: {
          if (too_deep > 0) {
            --too_deep;
            break;
          }
          const auto match = std::find_if(open.rbegin(), open.rend() - 1,
                                          [&](int i) { return nodes_[i].tag.name == token.name; });
          if (match != open.rend() - 1) open.erase(std::next(match).base(), open.end());
          break;
        }
      }
      after_break = token.kind == Token::start_tag && token.is("br");
    }
  }

  const Node& operator[](int index) const { return nodes_[index]; }
  std::size_t size() const { return nodes_.size(); }

 private:
  int add(int parent) {
    nodes_.emplace_back();
    const int index = static_cast<int>(nodes_.size() - 1);
    nodes_[parent].children.push_back(index);
    return index;
  }

  std::vector<Node> nodes_;
};

bool is_block(const Node& node) {
  if (!node.element) return false;
  const std::string_view n = node.tag.name;
  return n == "p" || n == "ul" || n == "ol" || n == "li" || n == "blockquote" || n == "pre" || n == "hr" ||
         n == "table" || n == "div" || n == "section" ||
         (n.size() == 2 && n[0] == 'h' && n[1] >= '1' && n[1] <= '6');
}

std::string attribute(const Node& node, std::string_view name) {
  const std::string_view* value = node.tag.attribute(name);
  return value ? decode(*value) : std::string();
}

// Prefixes every line: `first` on the first, `rest` on the others; lines that
// are empty get `empty` (a list's continuation leaves them empty, a quote's
// marks them with '>').
std::string prefix_lines(std::string_view block, std::string_view first, std::string_view rest, std::string_view empty) {
  std::string out;
  out.reserve(block.size() + 16);
  bool first_line = true;
  std::size_t pos = 0;
  while (true) {
    const auto end = block.find('\n', pos);
    const std::string_view line = block.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    if (line.empty() && !first_line) out += empty;
    else {
      out += first_line ? first : rest;
      out += line;
    }
    if (end == std::string_view::npos) break;
    out += '\n';
    pos = end + 1;
    first_line = false;
  }
  return out;
}

std::size_t longest_run(std::string_view s, char c) {
  std::size_t longest = 0, current = 0;
  for (const char ch : s) {
    current = ch == c ? current + 1 : 0;
    longest = std::max(longest, current);
  }
  return longest;
}

// ---------------------------------------------------------------- emphasis

// (Emphasis is written as marks first: MarkByte and is_mark, above.)

// Chooses each pair's delimiter: '*' or '_' (doubled for strong emphasis),
// "~~" for a strikethrough, or none when no choice reads back as written; a
// pair left out writes its content plain. The choice is made in order, each
// pair taking the first that opens and closes where it stands, next to the
// choices already made; a pair left out changes its neighbours' places, so
// the choosing starts over. The result depends only on the pairs kept, so
// writing what reads back gives the same Markdown. `left_out` tells, pair by
// pair in the order their marks open, which were left out.
void resolve_emphasis(std::string& s, std::vector<bool>* left_out = nullptr) {
  struct Mark {
    std::size_t pos;
    int pair;
  };
  struct Pair {
    std::size_t open, close;  // indexes into marks
    int parent;               // enclosing pair, or -1
    unsigned char kind;       // kEmOpen, kStrongOpen or kDelOpen
    char delimiter = 0;       // chosen: '*', '_' or '~'; 0 while undecided
    bool dropped = false;
  };
  std::vector<Mark> marks;
  std::vector<Pair> pairs;
  std::vector<int> open;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (!is_mark(c)) continue;
    if ((c - kEmOpen) % 2 == 0) {
      pairs.push_back({marks.size(), 0, open.empty() ? -1 : open.back(), c});
      marks.push_back({i, static_cast<int>(pairs.size() - 1)});
      open.push_back(static_cast<int>(pairs.size() - 1));
    } else {
      pairs[open.back()].close = marks.size();
      marks.push_back({i, open.back()});
      open.pop_back();
    }
  }
  if (pairs.empty()) return;

  // What is beside mark m, written as a run of `c`, on the left (step -1) or
  // the right (+1): the delimiter of a kept mark ('?' while undecided), 0 for
  // the line's start or end, else the code point there (as white space or
  // punctuation counts). Like cmark-gfm, which looks past the strikethrough's
  // '~' (its SKIP_CHARS), a run of '*' or '_' looks past tildes, written or
  // kept strikethrough marks.
  enum Class { kSpace, kPunct, kOther };
  struct Side {
    Class cls;
    char delimiter;  // a kept mark's, else 0
  };
  const auto side = [&](std::size_t m, int step, char c) -> Side {
    std::size_t pos = marks[m].pos;
    while (true) {
      const bool at_edge = step < 0 ? pos == 0 : pos + 1 == s.size();
      if (at_edge) return {kSpace, 0};
      pos = step < 0 ? pos - 1 : pos + 1;
      if (s[pos] == kMaybeEscape) return {kPunct, 0};  // '\\' or '_' either way
      if (s[pos] == '~' && c != '~') continue;
      if (!is_mark(static_cast<unsigned char>(s[pos]))) {
        std::size_t start = pos;
        if (step < 0) {
          while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
        }
        const char32_t cp = text::decode_utf8(s, start);
        return {text::is_markdown_space(cp) ? kSpace : text::is_markdown_punctuation(cp) ? kPunct : kOther, 0};
      }
      m = static_cast<std::size_t>(static_cast<long>(m) + step);
      const Pair& neighbour = pairs[marks[m].pair];
      if (neighbour.dropped || (neighbour.kind == kDelOpen && c != '~')) continue;
      return {kPunct, neighbour.delimiter ? neighbour.delimiter : '?'};
    }
  };
  // Whether a run of `c` at mark m opens (or closes), as cmark-gfm reads it;
  // `both` tells whether it could do the other too.
  const auto reads_as = [&](std::size_t m, char c, bool opening, bool& both) {
    const Side before = side(m, -1, c), after = side(m, +1, c);
    if (before.delimiter == c || after.delimiter == c) return false;  // runs that touch are one
    const bool left = after.cls != kSpace && (after.cls != kPunct || before.cls != kOther);
    const bool right = before.cls != kSpace && (before.cls != kPunct || after.cls != kOther);
    const bool can_open = c == '_' ? left && (!right || before.cls == kPunct) : left;
    const bool can_close = c == '_' ? right && (!left || after.cls == kPunct) : right;
    both = can_open && can_close;
    return opening ? can_open : can_close;
  };
  const auto fits = [&](int p, char c) {
    const Pair& pair = pairs[p];
    bool both = false;
    if (!reads_as(pair.close, c, false, both) || !reads_as(pair.open, c, true, both)) return false;
    // An opener that could also close would close an enclosing pair of the
    // same delimiter and length instead.
    if (both) {
      for (int up = pair.parent; up >= 0; up = pairs[up].parent) {
        if (!pairs[up].dropped && pairs[up].delimiter == c && pairs[up].kind == pair.kind) return false;
      }
    }
    return true;
  };
  // Past this many pairs left out, all are: choosing again after each would
  // take quadratic time on hostile input.
  constexpr int kMaxDropped = 64;
  int dropped = 0;
  for (bool settled = false; !settled;) {
    settled = true;
    for (Pair& pair : pairs) pair.delimiter = 0;
    for (std::size_t p = 0; p < pairs.size() && settled; ++p) {
      Pair& pair = pairs[p];
      if (pair.dropped) continue;
      for (const char c : pair.kind == kDelOpen ? std::string_view("~") : std::string_view("*_")) {
        if (fits(static_cast<int>(p), c)) {
          pair.delimiter = c;
          break;
        }
      }
      if (pair.delimiter) continue;
      pair.dropped = true;
      settled = false;
      if (++dropped > kMaxDropped) {
        for (Pair& every : pairs) every.dropped = true;
        settled = true;
      }
    }
  }

  if (left_out) {
    left_out->clear();
    for (const Pair& pair : pairs) left_out->push_back(pair.dropped);
  }
  std::string out;
  out.reserve(s.size() + marks.size());
  std::size_t copied = 0;
  for (const Mark& mark : marks) {
    out.append(s, copied, mark.pos - copied);
    copied = mark.pos + 1;
    const Pair& pair = pairs[mark.pair];
    if (pair.dropped) continue;
    out.append(pair.kind == kEmOpen ? 1 : 2, pair.delimiter);
  }
  out.append(s, copied, std::string::npos);
  s = std::move(out);
}

// ---------------------------------------------------------------- writing

bool is_heading(std::string_view name) { return name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6'; }

class Writer {
 public:
  Writer(const Tree& tree, const MarkdownOptions& options) : tree_(tree), options_(options) {}

  bool list_written() const { return list_written_; }

  // The children of `parent` as blocks, joined by a blank line (or by a line
  // break in a tight list entry).
  std::string blocks(int parent, bool tight, ListContext& context, bool* starts_with_paragraph = nullptr) {
    std::string out;
    std::vector<int> run;  // inline nodes waiting to become a paragraph
    // In a tight entry, a line after a list or a quote would continue its
    // last paragraph, unless it opens a block that interrupts one: the
    // entry's list is then written loose (see list()).
    bool after_container = false;
    const auto add = [&](std::string block) {
      if (block.empty()) return;
      if (!out.empty()) out += tight ? "\n" : "\n\n";
      out += block;
    };
    const auto flush = [&] {
      if (run.empty()) return;
      std::string paragraph = inline_paragraph(run);
      run.clear();
      if (!paragraph.empty()) {
        if (parent == entry_) entry_paragraph_ = true;
        if (tight && after_container) loose_needed_ = true;
        after_container = false;
        if (out.empty() && starts_with_paragraph) *starts_with_paragraph = true;
        context.last_marker = 0;
        add(std::move(paragraph));
      }
    };
    for (const int child : tree_[parent].children) {
      if (is_block(tree_[child])) {
        flush();
        std::string block_text = block(child, context);
        if (block_text.empty()) continue;
        const auto& tag = tree_[child].tag;
        const bool container = tag.is("ul") || tag.is("ol") || tag.is("blockquote");
        if (tight && after_container && !container && !tag.is("pre") && !tag.is("hr")) loose_needed_ = true;
        after_container = container;
        if (out.empty() && starts_with_paragraph) *starts_with_paragraph = tag.is("p") || (options_.headings_as_bold && is_heading(tag.name));
        if (parent == entry_ && tag.is("p")) entry_paragraph_ = true;
        add(std::move(block_text));
      } else {
        run.push_back(child);
      }
    }
    flush();
    return out;
  }

 private:
  std::string block(int index, ListContext& context) {
    const Node& node = tree_[index];
    const std::string_view name = node.tag.name;
    char marker = 0;
    std::string out;
    if (name == "p" || name == "div" || name == "section") {
      out = name == "p" ? inline_paragraph(tree_[index].children) : blocks(index, false, context);
    } else if (is_heading(name)) {
      out = heading(index, name[1] - '0');
    } else if (name == "ul" || name == "ol") {
      out = list(index, name == "ol", context, marker);
      list_written_ = list_written_ || !out.empty();
    } else if (name == "blockquote") {
      ListContext inner;
      const std::string content = blocks(index, false, inner);
      // An empty quote shows nothing, and an item's summary leaves it out
      // when read from a list entry: it is left out.
      if (!content.empty()) out = prefix_lines(content, "> ", "> ", ">");
    } else if (name == "pre") {
      out = code_block(index);
    } else if (name == "hr") {
      out = "***";
    } else if (name == "table") {
      out = table(index);
    } else if (name == "li") {
      out = blocks(index, false, context);
    }
    if (!out.empty()) context.last_marker = marker;
    return out;
  }

  std::string heading(int index, int level) {
    if (options_.headings_as_bold) return bold_paragraph(tree_[index].children);
    // An ATX heading is one line: a setext heading's line breaks become spaces.
    one_line_ = true;
    std::string content = inlines(tree_[index].children);
    one_line_ = false;
    std::replace(content.begin(), content.end(), '\n', ' ');
    return atx_heading(level, std::string(text::trim(content)));
  }

  // A heading as the paragraph <p><strong>…</strong></p> would be written,
  // on one line: the parser takes bold text across lines for an export's
  // stray markers.
  std::string bold_paragraph(const std::vector<int>& children) {
    last_code_ = {};
    ++inline_depth_;
    bold_line_ = true;
    std::string content = inlines(shown(children));
    bold_line_ = false;
    --inline_depth_;
    std::replace(content.begin(), content.end(), '\n', ' ');
    // (Marks beside a space would open or close nothing.)
    const auto begin = content.find_first_not_of(" \t");
    if (begin != std::string::npos) {
      content = static_cast<char>(kStrongOpen) + content.substr(begin, content.find_last_not_of(" \t") + 1 - begin) +
                static_cast<char>(kStrongClose);
      emphasis_written_ = true;
    }
    if (emphasis_written_) {
      resolve_emphasis(content);
      emphasis_written_ = false;
    }
    settle_escapes(content);
    return paragraph_lines(std::move(content));
  }

  std::string list(int index, bool ordered, const ListContext& context, char& marker) {
    marker = ordered ? context.ordered_delimiter() : context.bullet();
    const Node& node = tree_[index];
    long number = ordered ? std::max(0L, std::atol(attribute(node, "start").c_str())) : 0;
    if (ordered && !node.tag.attribute("start")) number = 1;
    // cmark marks a loose list by wrapping each entry's paragraphs in <p>.
    bool tight = true;
    for (const int entry : node.children) {
      for (const int child : tree_[entry].children) {
        if (tree_[child].element && tree_[child].tag.is("p")) tight = false;
      }
    }
    const bool outer_loose_needed = loose_needed_, outer_entry_paragraph = entry_paragraph_;
    loose_needed_ = entry_paragraph_ = false;
    std::string out = entries(node, tight, number, marker);
    if (tight && loose_needed_) {
      // A tight entry that cannot be written tight: the list is written loose.
      out = entries(node, false, number, marker);
    } else if (!tight && !entry_paragraph_) {
      // Loose, but no entry wrote a paragraph (those it had show nothing):
      // read back, the list has no <p> and is tight, so it is written tight
      // if it can be.
      std::string as_tight = entries(node, true, number, marker);
      if (!loose_needed_) out = std::move(as_tight);
    }
    loose_needed_ = outer_loose_needed;
    entry_paragraph_ = outer_entry_paragraph;
    return out;
  }

  std::string entries(const Node& list, bool tight, long number, char marker) {
    const bool ordered = list.tag.is("ol");
    std::string out;
    for (const int entry : list.children) {
      if (!tree_[entry].element || !tree_[entry].tag.is("li")) continue;
      ListContext inner;
      const int outer_entry = entry_;
      entry_ = entry;
      bool opens_with_paragraph = false;
      std::string content = blocks(entry, tight, inner, &opens_with_paragraph);
      entry_ = outer_entry;
      // An empty task keeps the space after its box, without which GFM
      // reads no task ("- [x]" is the text "[x]"); a block other than a
      // paragraph goes on the next line, after that space ("- [ ] - a" is a
      // task "- a", not a task holding a list).
      if (const std::string box = task_box(entry); !box.empty()) {
        content = box + (content.empty() || opens_with_paragraph ? " " : " \n") + content;
        if (box == "[ ]") keep_task_open(content);
      }
      // An entry that shows nothing (raw HTML left out) goes: a bare "-"
      // under a line of text would underline it as a heading, and nested
      // ones, "- - -", would be a thematic break.
      if (content.empty()) continue;
      // "* ***" would be one thematic break: a rule opening a "*" entry is
      // written "___".
      if (!ordered && marker == '*' && (content == "***" || text::starts_with(content, "***\n"))) {
        content.replace(0, 3, "___");
      }
      std::string bullet = ordered ? std::to_string(number++) + marker : std::string(1, marker);
      if (!out.empty()) out += tight ? "\n" : "\n\n";
      out += list_entry(bullet, content);
    }
    return out;
  }

  // "[ ]" or "[x]" for a task-list entry (cmark-gfm's tasklist extension).
  std::string task_box(int entry) {
    for (const int child : tree_[entry].children) {
      const Node& node = tree_[child];
      if (node.element && node.tag.is("input")) return node.tag.attribute("checked") ? "[x]" : "[ ]";
      if (node.element && node.tag.is("p")) return task_box(child);
      if (node.element || !text::trim(node.text).empty()) return {};
    }
    return {};
  }

  // An info string reads entity references, then backslash escapes: its
  // ampersands are written as "&amp;" and its backslashes doubled to come
  // back as they were.
  static std::string info_string(const std::string& language) {
    std::string out;
    for (const char c : language) {
      if (c == '&') out += "&amp;";
      else if (c == '\\') out += "\\\\";
      else out += c;
    }
    return out;
  }

  std::string code_block(int index) {
    std::string code, info;
    for (const int child : tree_[index].children) {
      const Node& node = tree_[child];
      if (node.element && node.tag.is("code")) {
        const std::string cls = attribute(node, "class");
        if (text::starts_with(cls, "language-")) info = info_string(cls.substr(9));
        for (const int text_node : node.children) code += tree_[text_node].text;
      } else if (!node.element) {
        code += node.text;
      }
    }
    // A block of nothing but white space shows nothing, and a list entry
    // read back leaves it out: it is left out.
    if (text::trim(code).empty()) return {};
    const bool tildes = info.find('`') != std::string::npos;
    const std::string fence(std::max<std::size_t>(3, longest_run(code, tildes ? '~' : '`') + 1), tildes ? '~' : '`');
    // (An info string that opens with the fence's character is set apart,
    // or the fence would take it in.)
    std::string out = fence + (!info.empty() && info[0] == fence[0] ? " " : "") + info + "\n" + code;
    if (!code.empty() && code.back() != '\n') out += '\n';
    return out + fence;
  }

  std::string table(int index) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> alignments;
    bool header_done = false;
    const auto read_rows = [&](int section, auto&& self) -> void {
      for (const int child : tree_[section].children) {
        const Node& node = tree_[child];
        if (!node.element) continue;
        if (node.tag.is("thead") || node.tag.is("tbody")) {
          self(child, self);
        } else if (node.tag.is("tr")) {
          std::vector<std::string> cells;
          for (const int cell : node.children) {
            const Node& c = tree_[cell];
            if (!c.element || !(c.tag.is("th") || c.tag.is("td"))) continue;
            in_table_cell_ = true;
            std::string content = inlines(c.children);
            in_table_cell_ = false;
            // A row is one line, and GFM trims its cells: a line break in a
            // text ("&#10;") is a space, and white space at either end goes
            // (cmark's: \v, \f and \r too).
            std::replace(content.begin(), content.end(), '\n', ' ');
            constexpr const char* kCellSpace = " \t\v\f\r";
            const auto first = content.find_first_not_of(kCellSpace);
            if (first == std::string::npos) content.clear();
            else content = content.substr(first, content.find_last_not_of(kCellSpace) - first + 1);
            cells.push_back(std::move(content));
            if (!header_done) alignments.push_back(attribute(c, "align"));
          }
          header_done = true;
          rows.push_back(std::move(cells));
        }
      }
    };
    read_rows(index, read_rows);
    if (rows.empty()) return {};
    std::string out;
    const auto row_text = [&](const std::vector<std::string>& cells) {
      std::string line = "|";
      for (std::size_t i = 0; i < alignments.size(); ++i) {
        line += ' ';
        line += i < cells.size() ? cells[i] : std::string();
        line += " |";
      }
      return line;
    };
    out += row_text(rows[0]) + "\n|";
    for (const std::string& align : alignments) {
      out += align == "left" ? " :-- |" : align == "center" ? " :-: |" : align == "right" ? " --: |" : " --- |";
    }
    for (std::size_t r = 1; r < rows.size(); ++r) out += "\n" + row_text(rows[r]);
    return out;
  }

  // A paragraph's inlines from the first that shows something: one that
  // opens with an empty link, "[](url) text", reads back as an item's title
  // line, so such a link, which shows nothing, is left out (and emphasis
  // around nothing but such things, which writes nothing either).
  // (Inside emphasis that opens it too, which may be left out, and inside a
  // link without an address, written as its text.)
  // The white space that opens the first text goes too, carriage returns
  // included (written "&#13;", which the parser passes over where a note
  // opens): before the text is written, so that its escapes and guards are
  // decided where it will stand.
  std::vector<int> shown(const std::vector<int>& children) {
    auto first = children.begin();
    while (first != children.end() && shows_nothing(*first)) ++first;
    int index = first == children.end() ? -1 : *first;
    while (index >= 0) {
      const Node& node = tree_[index];
      const bool plain_link = node.element && node.tag.is("a") && attribute(node, "href").empty();
      if (!node.element || !(plain_link || node.tag.is("em") || node.tag.is("strong") || node.tag.is("del"))) break;
      index = -1;
      for (const int child : node.children) {
        if (!shows_nothing(child)) {
          index = child;
          break;
        }
        if (left_out_.size() < tree_.size()) left_out_.resize(tree_.size());
        left_out_[child] = true;
      }
    }
    lead_text_ = index >= 0 && !tree_[index].element ? index : -1;
    return first == children.begin() ? children : std::vector<int>(first, children.end());
  }

  // White space, or a link or emphasis around nothing but such things (the
  // parser reads a link of white space as an empty one).
  bool shows_nothing(int index) const {
    const Node& node = tree_[index];
    if (!node.element) return text::trim(node.text).empty();
    if (!node.tag.is("a") && !node.tag.is("em") && !node.tag.is("strong") && !node.tag.is("del")) return false;
    return std::all_of(node.children.begin(), node.children.end(), [this](int child) { return shows_nothing(child); });
  }

  std::string inline_paragraph(const std::vector<int>& children) {
    return paragraph_lines(inlines(shown(children)));
  }

  // A paragraph's written inline content as its lines (a fullwidth paper
  // marker that opens it written as a reference: unmark_paper_line).
  static std::string paragraph_lines(std::string content) {
    if (content.find('\n') != std::string::npos) content = without_blank_lines(content);
    // Soft breaks stay; white space around the paragraph goes, as cmark's does.
    const auto begin = content.find_first_not_of(" \t\n");
    if (begin == std::string::npos) return {};
    auto end = content.find_last_not_of(" \t\n");
    // A line break that ends it shows nothing (what followed was dropped),
    // and its '\' would read back as text there: an odd run of '\' at the
    // end is a break's, an even one escaped backslashes.
    while (content[end] == '\\' && content[end + 1] == '\n' && escaping_backslash(content, end)) {
      if (end == begin) return {};
      end = content.find_last_not_of(" \t\n", end - 1);
    }
    std::string paragraph = escape_line_starts(std::string_view(content).substr(begin, end - begin + 1));
    unmark_paper_line(paragraph);
    return paragraph;
  }

  // A run of inline content; the outermost run (a paragraph, a heading, a
  // table cell) chooses its emphasis delimiters once it is written.
  std::string inlines(const std::vector<int>& children) {
    std::string out;
    inlines(out, children);
    return out;
  }

  // Written after what `out` holds, which the escaping reads: whether a '_'
  // is inside a word, or an address's scheme, can start before the node.
  // A run of inlines (a paragraph's, a heading's, a table cell's) is written,
  // its emphasis resolved, and then written again if a pair was left out,
  // now as its plain content: what stood on either side of its marks is
  // then one text when read again, and each escape, guard and address of
  // the run is decided as it will be read (a scheme the mark cut,
  // "e*x*http", an address it kept apart, "r*@a.org*").
  void inlines(std::string& out, const std::vector<int>& children) {
    if (inline_depth_ > 0) {
      ++inline_depth_;
      write_inlines(out, children);
      --inline_depth_;
      return;
    }
    const std::size_t begin = out.size();
    constexpr int kMostWritings = 3;  // past it, the last writing stays
    for (int writing = 1;; ++writing) {
      open_autolinks_.clear();
      marked_.clear();
      last_code_ = {};
      emphasis_written_ = false;
      ++inline_depth_;
      write_inlines(out, children);
      --inline_depth_;
      if (!emphasis_written_) break;
      std::string resolved = out.substr(begin);
      std::vector<bool> left_out;
      resolve_emphasis(resolved, &left_out);
      bool again = false;
      for (std::size_t pair = 0; pair < left_out.size() && pair < marked_.size(); ++pair) {
        if (!left_out[pair]) continue;
        if (plain_.size() < tree_.size()) plain_.resize(tree_.size());
        plain_[marked_[pair]] = true;
        again = true;
      }
      out.resize(begin);
      out += resolved;
      if (!again || writing == kMostWritings) break;
      out.resize(begin);
    }
    emphasis_written_ = false;
    settle_escapes(out);
  }

  void write_inlines(std::string& out, const std::vector<int>& children) {
    for (const int child : children) inline_node(out, child);
  }

  void inline_node(std::string& out, int index) {
    if (static_cast<std::size_t>(index) < left_out_.size() && left_out_[index]) return;
    const Node& node = tree_[index];
    if (!node.element) {
      std::string_view text = node.text;
      if (index == lead_text_) text.remove_prefix(std::min(text.size(), text.find_first_not_of(" \t\r\n\f\v")));
      escape_inline(out, text, link_depth_ == 0, &open_autolinks_);
      return;
    }
    const std::string_view name = node.tag.name;
    if (name != "em" && name != "strong" && name != "del") {
      element(out, node);
      return;
    }
    // Bold in bold, italics in italics: plain, as the parser unwraps them
    // (past the depth where it stops, the HTML can still hold them).
    // (And emphasis whose marks would not read back: see inlines.)
    int& same = name == "strong" ? strong_depth_ : em_depth_;
    if (static_cast<std::size_t>(index) < plain_.size() && plain_[index]) {
      // (What was inside it is written as it was: bold in it stays plain.)
      if (name != "del") ++same;
      inlines(out, node.children);
      if (name != "del") --same;
    } else if ((name == "strong" && bold_line_) || ((name == "strong" || name == "em") && same > 0)) {
      inlines(out, node.children);
    } else {
      const auto mark = static_cast<char>(name == "strong" ? kStrongOpen : name == "del" ? kDelOpen : kEmOpen);
      out += mark;
      marked_.push_back(index);
      const std::size_t start = out.size();
      if (name != "del") ++same;
      inlines(out, node.children);
      if (name != "del") --same;
      // Emphasis around nothing shows nothing, and "****" would read as text.
      if (text::trim(std::string_view(out).substr(start)).empty()) {
        out.erase(start - 1, 1);
        marked_.pop_back();
        return;
      }
      out += static_cast<char>(mark + 1);
      emphasis_written_ = true;
    }
  }

  // What is written as an element of its own (code, a line break, an image,
  // a link written as one) ends the addresses being written, and no address
  // goes on into it: each clears open_autolinks_.
  void element(std::string& out, const Node& node) {
    const std::string_view name = node.tag.name;
    if (name == "code") {
      code_span(out, code_text(node));
    } else if (name == "br") {
      out += bold_line_ || one_line_ || in_table_cell_ ? " " : "\\\n";
      open_autolinks_.clear();
    } else if (name == "a") {
      link(out, node);
    } else if (name == "img") {
      // (A line break in the description reads back as a space.)
      std::string alt = attribute(node, "alt");
      std::replace(alt.begin(), alt.end(), '\n', ' ');
      std::replace(alt.begin(), alt.end(), '\r', ' ');
      open_autolinks_.clear();
      out += "![";
      escape_inline(out, alt, false, &open_autolinks_);
      out += "](";
      write_destination(out, attribute(node, "src"));
      write_title(out, attribute(node, "title"));
      out += ')';
      open_autolinks_.clear();
    } else if (name == "input") {
      // A task box is written by its list entry.
    } else {
      inlines(out, node.children);
    }
  }

  std::string code_text(const Node& node) const {
    std::string code;
    for (const int child : node.children) code += tree_[child].text;
    return code;
  }

  // Code spans side by side (or with only what writes nothing between them)
  // would read back as one run of backticks: they are written as one.
  void code_span(std::string& out, std::string code) {
    if (&out == last_code_.out && out.size() == last_code_.end) {
      out.resize(last_code_.start);
      code = last_code_.text + code;
    }
    last_code_ = {&out, out.size(), 0, code};
    // The shortest run of backticks that the code does not hold.
    std::size_t fence = 1;
    while (true) {
      bool used = false;
      for (std::size_t i = 0; i < code.size();) {
        if (code[i] != '`') {
          ++i;
          continue;
        }
        std::size_t j = i;
        while (j < code.size() && code[j] == '`') ++j;
        if (j - i == fence) used = true;
        i = j;
      }
      if (!used) break;
      ++fence;
    }
    const bool all_spaces = code.find_first_not_of(' ') == std::string::npos;
    const bool pad = !code.empty() && !all_spaces &&
                     (code.front() == '`' || code.back() == '`' || (code.front() == ' ' && code.back() == ' '));
    const std::string ticks(fence, '`');
    out += ticks;
    if (pad) out += ' ';
    // A table's pipe splits cells even inside code; GFM reads "\|" there as
    // the pipe.
    for (const char c : code) {
      if (c == '|' && in_table_cell_) out += '\\';
      out += c;
    }
    if (pad) out += ' ';
    out += ticks;
    last_code_.end = out.size();
    open_autolinks_.clear();
  }

  // Whether the text of `node` holds an e-mail address that GFM links.
  bool holds_address(const Node& node) const {
    std::string text;
    collect_text(node, text);
    return text.find('@') != std::string::npos && !email_autolinks(text).empty();
  }

  void collect_text(const Node& node, std::string& text) const {
    for (const int child : node.children) {
      if (tree_[child].element) collect_text(tree_[child], text);
      else text += tree_[child].text;
    }
  }

  void link(std::string& out, const Node& node) {
    std::string href = attribute(node, "href");
    if (options_.rewrite_link) href = options_.rewrite_link(href);
    // No address (cmark drops javascript: and the like): the text alone, not
    // a dead "[text]()"; nor inside a link's text, where Markdown has no
    // link (an autolink there can make one in the HTML). But text holding an
    // e-mail address keeps its dead link: alone, GFM would link the address.
    if (link_depth_ > 0 || (href.empty() && !holds_address(node))) {
      inlines(out, node.children);
      return;
    }
    const std::string title = attribute(node, "title");
    // An autolink, <https://…> or <someone@example.org>, when the text is the address.
    std::string text;
    bool plain = true;
    for (const int child : node.children) {
      if (tree_[child].element) plain = false;
      else text += tree_[child].text;
    }
    // Written as a link, it ends the addresses being written, and no address
    // goes on into it.
    open_autolinks_.clear();
    if (!(plain && title.empty() && write_autolink(out, text, href))) {
      open_link_text(out);
      ++link_depth_;
      inlines(out, node.children);
      --link_depth_;
      out += "](";
      write_destination(out, href);
      write_title(out, title);
      out += ')';
    }
    open_autolinks_.clear();
  }

  const Tree& tree_;
  const MarkdownOptions& options_;
  // Writing bold_paragraph's content: a line break is a space, and bold
  // inside is plain (the parser unwraps bold inside bold).
  bool bold_line_ = false;
  int inline_depth_ = 0;           // inlines() calls under way
  int strong_depth_ = 0;           // bold being written
  int em_depth_ = 0;               // italics being written
  std::vector<std::size_t> open_autolinks_;  // see guard_autolinks
  int link_depth_ = 0;             // links being written
  bool emphasis_written_ = false;  // marks to resolve when they end
  std::vector<int> marked_;        // the nodes whose marks the run holds, in order
  struct CodeSpan {
    const std::string* out = nullptr;  // where it was written, from start to end
    std::size_t start = 0, end = 0;
    std::string text;
  } last_code_;                    // the last code span written
  std::vector<bool> plain_;        // by node: emphasis written as its plain content
  std::vector<bool> left_out_;     // by node: what opens a paragraph and shows nothing
  int lead_text_ = -1;             // the text that opens the paragraph being written
  bool in_table_cell_ = false;  // while a table cell's inlines are written
  bool one_line_ = false;       // while a heading's are: a line break is a space
  bool list_written_ = false;   // a list has been written
  bool loose_needed_ = false;   // an entry of the tight list being written cannot be tight
  int entry_ = -1;              // the list entry being written
  bool entry_paragraph_ = false;  // a paragraph written directly in an entry of that list
};

}  // namespace

std::string to_markdown(std::string_view html, ListContext& context, const MarkdownOptions& options,
                        Written* written) {
  const Tree tree(html);
  Writer writer(tree, options);
  std::string out = writer.blocks(0, false, context, written ? &written->starts_with_paragraph : nullptr);
  if (written) written->list = writer.list_written();
  return out;
}

std::string escape_markdown(std::string_view text, bool line_start, bool in_link) {
  std::string out;
  out.reserve(text.size() + 8);
  // A link's text follows its '[', which escape_inline reads: "[## a ## b"
  // would open a Medium card flattened onto one line.
  if (in_link) out += '[';
  escape_inline(out, text, !in_link);
  settle_escapes(out);
  if (in_link) out.erase(0, 1);
  return line_start ? escape_line_starts(out) : out;
}

void unmark_paper_line(std::string& paragraph) {
  constexpr std::string_view kOpen = "\xE3\x80\x90", kClose = "\xE3\x80\x91";
  // (Emphasis marks before it are passed over, as the parser does.)
  const std::size_t open = std::min(paragraph.find_first_not_of("*_~"), paragraph.size());
  if (paragraph.compare(open, kOpen.size(), kOpen) != 0) return;
  const std::size_t id = open + kOpen.size();
  const auto close = paragraph.find(kClose, id);
  if (close == std::string::npos || close - open > 120) return;
  if (url::normalise_paper_id(std::string_view(paragraph).substr(id, close - id)).empty()) return;
  paragraph.replace(open, kOpen.size(), "&#x3010;");
}

std::string markdown_heading(int level, std::string_view text, bool bare_addresses) {
  // Inside an ATX heading no block starts: only inline markup needs escaping.
  if (!bare_addresses) return atx_heading(level, escape_markdown(text::trim(text), false));
  std::string out;
  escape_text(out, text::trim(text), true, nullptr);
  settle_escapes(out);
  return atx_heading(level, std::move(out));
}

std::string autolink(std::string_view text, std::string_view href) {
  std::string out;
  write_autolink(out, text, href);
  return out;
}

void write_destination(std::string& out, std::string_view url) {
  const bool needs_brackets = url.find(' ') != std::string_view::npos;
  if (needs_brackets) out += '<';
  std::size_t copied = 0;  // the URL up to here is in `out`
  for (std::size_t i = 0; i < url.size(); ++i) {
    const char c = url[i];
    if (c == '&' && starts_reference(url, i)) {
      out.append(url.data() + copied, i - copied);
      out += "&amp;";
      copied = i + 1;
    } else if (is_ascii_control(c)) {
      // A destination holds none (nor a line ending in brackets): as a
      // reference, which cmark decodes there.
      out.append(url.data() + copied, i - copied);
      out += "&#" + std::to_string(static_cast<int>(c)) + ';';
      copied = i + 1;
    } else if (c == '\\' || c == '<' || c == '>' || (!needs_brackets && (c == '(' || c == ')'))) {
      out.append(url.data() + copied, i - copied);
      out += '\\';
      copied = i;
    }
  }
  out.append(url.data() + copied, url.size() - copied);
  if (needs_brackets) out += '>';
}

std::string list_entry(std::string_view marker, std::string_view content) {
  if (content.empty()) return std::string(marker);
  return prefix_lines(content, std::string(marker) + " ", std::string(marker.size() + 1, ' '), "");
}

}  // namespace composer::html
