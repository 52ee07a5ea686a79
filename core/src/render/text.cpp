// The plain-text alternative sent with the email: readable in a terminal,
// wrapped at 72 columns (East Asian wide characters count two), sections
// under '=' rules and items between '-' rules. Links become numbered
// references, "[3]", listed under the item, note or list that holds them;
// each address is written out once, tagged as in the email (a later link to
// it reuses its number). Only a line that holds one address longer than the
// width is longer than 72 columns: an address cannot be broken.
#include <algorithm>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "render/render.hpp"
#include "render/settings.hpp"
#include "render/walk.hpp"
#include "util/html_tags.hpp"
#include "util/text.hpp"
#include "util/url.hpp"
#include "util/wrap.hpp"

namespace composer::render {
namespace {

constexpr std::size_t kWidth = 72;

class TextWriter {
 public:
  TextWriter(const Issue& issue, const Options& options)
      : issue_(issue), settings_(read_settings(issue, options)), words_(labels(settings_.lang)) {}

  std::string write() {
    out_.reserve(16 * 1024);
    header();
    walk_opening(
        issue_, [&](const Fragment& f) { note(f); }, [&] { highlights(); }, [&] { contents(); });
    for (const Section& s : issue_.sections) section(s);
    footer();
    return std::move(out_);
  }

 private:
  // ------------------------------------------------------------ the issue

  void header() {
    if (!settings_.brand_name.empty() && issue_.title.find(settings_.brand_name) == std::string::npos) {
      paragraph(settings_.brand_name);
    }
    if (!issue_.title.empty()) {
      const std::string href = outbound_url(issue_.title_url, settings_);
      paragraph(href.empty() ? issue_.title : issue_.title + reference(href));
    }
    std::string meta;
    if (issue_.number) meta = "#" + std::to_string(*issue_.number);
    if (issue_.number && !issue_.date.empty()) meta += " · ";
    meta += issue_.date;
    if (!meta.empty()) paragraph(meta);
    const std::string web = outbound_url(settings_.web_url, settings_);
    if (!web.empty()) {
      out_ += '\n';
      labelled_address(words_.view_in_browser, web);
    }
    references();
  }

  void highlights() {
    blank_line();
    for (const Highlight& h : issue_.highlights) fragment(h.content.html, "* ", "  ", true);
    references();
  }

  void contents() {
    blank_line();
    paragraph(std::string(words_.contents) + ":");
    int index = 0;
    for (const Section& s : issue_.sections) {
      if (!s.number) continue;
      const std::string marker = std::to_string(++index) + ". ";
      text::wrap(out_, s.title, kWidth, marker, std::string(marker.size(), ' '));
    }
  }

  void section(const Section& s) {
    if (s.level > 0) {
      out_ += "\n\n";
      rule('=');
      const std::string number = s.number ? std::to_string(*s.number) + ". " : std::string();
      if (!s.title_html.empty()) {
        // A title with several links refers to each.
        fragment(s.title_html, number, "", true);
      } else {
        std::string title = number + s.title;
        const std::string href = s.title.empty() ? std::string() : outbound_url(s.url, settings_);
        if (!href.empty()) title += reference(href);
        text::wrap(out_, title, kWidth, "", "");
      }
      rule('=');
      references();
    }
    bool first = true;
    walk_section(
        s,
        [&](const Item& item) {
          if (!first) {
            blank_line();
            rule('-');
          }
          first = false;
          write_item(item);
        },
        [&](const Fragment& f) {
          first = false;
          note(f);
        });
  }

  void write_item(const Item& item) {
    blank_line();
    if (!item.title_html.empty()) {
      // A sentence that titles the item refers to each of its links.
      fragment(item.title_html, "", "", true);
    } else {
      std::string title = item.title.empty() ? item.url : item.title;
      const std::string href = outbound_url(item.url, settings_);
      if (!href.empty()) title += reference(href);
      text::wrap(out_, title, kWidth, "", "");
    }
    std::string meta = item.source;
    if (!item.source.empty() && !item.paper_id.empty()) meta += " · ";
    meta += item.paper_id;
    if (!meta.empty()) text::wrap(out_, meta, kWidth, "", "");
    if (!item.card_teaser.empty()) {
      blank_line();
      text::wrap(out_, item.card_teaser, kWidth, "", "");
    }
    if (!item.summary.html.empty()) fragment(item.summary.html, "", "", false);
    references();
  }

  void note(const Fragment& f) {
    fragment(f.html, "", "", false);
    references();
  }

  void footer() {
    out_ += "\n\n";
    rule('=');
    const std::string& closing = settings_.footer_text.empty() ? settings_.brand_name : settings_.footer_text;
    std::size_t pos = 0;
    while (pos <= closing.size() && !closing.empty()) {
      const auto end = closing.find('\n', pos);
      text::wrap(out_, closing.substr(pos, end == std::string::npos ? std::string::npos : end - pos), kWidth, "", "");
      if (end == std::string::npos) break;
      pos = end + 1;
    }
    bool blank = false;
    for (const auto& [address, label] : {std::pair<const std::string&, std::string_view>{settings_.subscribe_url, words_.subscribe},
                                         {settings_.unsubscribe_url, words_.unsubscribe}}) {
      const std::string href = outbound_url(address, settings_);
      if (href.empty()) continue;
      if (!blank && !closing.empty()) out_ += '\n';
      blank = true;
      labelled_address(label, href);
    }
  }

  // ------------------------------------------------------------ lines

  void paragraph(std::string_view text) { text::wrap(out_, text, kWidth, "", ""); }

  void blank_line() {
    if (out_.empty() || text::ends_with(out_, "\n\n")) return;
    out_ += '\n';
  }

  void rule(char c) {
    out_.append(kWidth, c);
    out_ += '\n';
  }

  // "Label: address", or the address on a line of its own when both do not fit.
  void labelled_address(std::string_view label, const std::string& address) {
    const std::string line = std::string(label) + ": " + address;
    if (text::column_width(line) <= kWidth) {
      out_ += line;
    } else {
      out_ += label;
      out_ += ":\n";
      out_ += address;
    }
    out_ += '\n';
  }

  // " [n]" for an address; a new address waits to be listed by references().
  std::string reference(const std::string& address) {
    auto [it, added] = numbers_.emplace(address, static_cast<int>(numbers_.size()) + 1);
    if (added) pending_.push_back(&it->first);
    return " [" + std::to_string(it->second) + "]";
  }

  void references() {
    if (pending_.empty()) return;
    blank_line();
    for (const std::string* address : pending_) {
      out_ += "[" + std::to_string(numbers_.at(*address)) + "] ";
      out_ += *address;
      out_ += '\n';
    }
    pending_.clear();
  }

  // ------------------------------------------------------------ fragments

  // One container the fragment's blocks sit in: a list or a quote.
  struct Container {
    bool quote = false;
    bool ordered = false;
    int next_number = 1;
    std::string marker;  // the current entry's marker, spaces once its first line is out
  };

  // Writes cmark's safe HTML as wrapped text. `first` and `rest` prefix its
  // lines (a highlight is "* " then "  "); a `tight` fragment starts without
  // a blank line and keeps its blocks together.
  void fragment(std::string_view html, std::string_view first, std::string_view rest, bool tight) {
    html::Reader reader(html);
    html::Token token;
    std::vector<Container> containers;
    std::string line;  // inline text of the block being read
    std::string pending_first(first);
    bool started = false;    // a block of this fragment is out
    bool join_next = false;  // after a hard break: the next line belongs to the same block
    int pre_depth = 0;
    std::string code;
    std::vector<std::string> row;
    bool in_link = false, link_picture = false;
    std::string link_text, link_address;

    const auto open_block = [&](std::string& first_prefix, std::string& rest_prefix) {
      bool in_list = false;
      for (const Container& c : containers) in_list = in_list || !c.quote;
      if (!join_next && (started ? !(tight || in_list) : !tight)) blank_line();
      join_next = false;
      started = true;
      first_prefix = pending_first.empty() ? std::string(rest) : pending_first;
      rest_prefix = std::string(rest);
      pending_first.clear();
      for (Container& c : containers) {
        const std::string indent(text::column_width(c.marker), ' ');
        first_prefix += c.quote ? "> " : c.marker;
        rest_prefix += c.quote ? "> " : indent;
        if (!c.quote) c.marker = indent;  // after an entry's first line, its marker is indentation
      }
    };
    const auto flush = [&] {
      const std::string_view content = text::trim(line);
      if (!content.empty()) {
        std::string first_prefix, rest_prefix;
        open_block(first_prefix, rest_prefix);
        text::wrap(out_, content, kWidth, first_prefix, rest_prefix);
      }
      line.clear();
    };

    while (reader.next(token)) {
      if (token.kind == html::Token::comment) continue;
      if (token.kind == html::Token::text) {
        html::decode(pre_depth > 0 ? code : in_link ? link_text : line, token.raw);
        continue;
      }
      const std::string_view name = token.name;
      const bool start = token.kind == html::Token::start_tag;
      if (name == "a") {
        if (start) {
          const std::string_view* href = token.attribute("href");
          link_address = href ? outbound_url(url::restore_placeholders(html::decode(*href)), settings_) : std::string();
          link_text.clear();
          in_link = true;
          link_picture = false;
        } else if (in_link) {
          in_link = false;
          // (A link that shows nothing, "[](url)", refers to nothing: its
          // " [n]" would open the line as a reference does. One that shows
          // a picture without alt text shows its address.)
          if (link_picture && text::trim(link_text).empty() && !link_address.empty()) {
            line += url::scheme(link_address) == "mailto" ? link_address.substr(7) : link_address;
          } else if (link_address.empty() || text::trim(link_text).empty()) {
            line += link_text;
          } else if (is_autolink(link_text, link_address)) {
            // The text is the address: write the address to follow, once.
            line += url::scheme(link_address) == "mailto" ? link_text : link_address;
          } else {
            line += link_text;
            line += reference(link_address);
          }
        }
      } else if (name == "p" || (name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6')) {
        if (!start) flush();
      } else if (name == "br") {
        flush();
        join_next = true;
      } else if (name == "ul" || name == "ol" || name == "blockquote") {
        flush();
        if (start) {
          Container c;
          c.quote = name == "blockquote";
          c.ordered = name == "ol";
          if (const std::string_view* number = token.attribute("start")) {
            c.next_number = std::max(0, std::atoi(std::string(*number).c_str()));
          }
          containers.push_back(c);
        } else if (!containers.empty()) {
          containers.pop_back();
        }
      } else if (name == "li") {
        flush();
        if (start && !containers.empty()) {
          Container& list = containers.back();
          list.marker = list.ordered ? std::to_string(list.next_number++) + ". " : "- ";
        }
      } else if (name == "pre") {
        if (start) {
          flush();
          ++pre_depth;
          code.clear();
        } else {
          --pre_depth;
          std::string first_prefix, rest_prefix;
          open_block(first_prefix, rest_prefix);
          code_lines(code, rest_prefix);
        }
      } else if (name == "hr") {
        flush();
        std::string first_prefix, rest_prefix;
        open_block(first_prefix, rest_prefix);
        out_ += rest_prefix + "* * *\n";
      } else if (name == "tr") {
        if (start) {
          row.clear();
        } else {
          std::string joined;
          for (std::size_t i = 0; i < row.size(); ++i) joined += (i ? " | " : "") + row[i];
          std::string first_prefix, rest_prefix;
          open_block(first_prefix, rest_prefix);
          out_ += rest_prefix + joined + "\n";
          join_next = true;  // the rows of a table stay together
        }
      } else if (name == "th" || name == "td") {
        if (!start) row.emplace_back(text::trim(line));
        line.clear();
      } else if (name == "table") {
        if (!start) join_next = false;
      } else if (name == "input") {
        line += token.attribute("checked") ? "[x] " : "[ ] ";
      } else if (name == "img" && in_link) {
        // A linked picture ("[![Sponsor](banner)](url)") is its link's text:
        // the link must not vanish with it.
        link_picture = true;
        if (const std::string_view* alt = token.attribute("alt")) html::decode(link_text, *alt);
      }
      // Other images say nothing in plain text; their alt text is in the email.
    }
    flush();
  }

  // Code keeps its lines: indented by four spaces, never wrapped.
  void code_lines(std::string_view code, const std::string& prefix) {
    std::size_t pos = 0;
    while (pos < code.size()) {
      const auto end = code.find('\n', pos);
      out_ += prefix + "    ";
      out_ += code.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
      while (!out_.empty() && out_.back() == ' ') out_.pop_back();
      out_ += '\n';
      if (end == std::string_view::npos) break;
      pos = end + 1;
    }
  }

  // Whether a link's text is its own address (an autolink), perhaps before
  // the campaign's parameters were added.
  static bool is_autolink(const std::string& text, const std::string& address) {
    if (text == address) return true;
    if (text::starts_with(address, "mailto:")) return text == address.substr(7);
    return !url::scheme(text).empty() && url::canonical(text) == url::canonical(address);
  }

  const Issue& issue_;
  const Settings settings_;
  const Labels& words_;
  std::string out_;
  std::map<std::string, int> numbers_;
  std::vector<const std::string*> pending_;
};

}  // namespace

std::string text(const Issue& issue, const Options& options) { return TextWriter(issue, options).write(); }

}  // namespace composer::render
