#pragma once
// What the front matter (and the options) say about how the outputs look and
// link: branding, the language, the addresses of the footer and the campaign
// tracking. Read once per render, in one place, so every output agrees.
//
// Front-matter keys (case-insensitive; all optional):
//   brand_name       name shown above the title   (default: the newsletter)
//   accent_color     "#rgb" or "#rrggbb"           (accent_colour too)
//   logo_url         absolute http(s) image URL, shown instead of the name
//   footer_text      plain text closing the email and the page
//   preheader        the email's hidden preview line (default: summary)
//   web_url          the web version of this issue ("View in browser")
//   subscribe_url, unsubscribe_url
//   base_url         what relative links and images are resolved against in
//                    the email and the text (default: web_url)
//   utm_source, utm_medium, utm_campaign   (Options::utm overrides each)
//   lang             BCP 47 tag (default: guessed from the title's script)
// Addresses may be merge tags such as {{unsubscribe_url}}: they are kept.
#include <optional>
#include <string>
#include <string_view>

#include "composer/issue.hpp"
#include "composer/options.hpp"
#include "util/url.hpp"

namespace composer::render {

struct Colours {
  std::string accent;       // links and rules on light backgrounds, >= 4.5:1 on white
  std::string accent_dark;  // the same on dark backgrounds, >= 4.5:1 on kDarkBackground
};

constexpr std::string_view kDarkBackground = "#121417";
constexpr std::string_view kDefaultAccent = "#2457d6";

struct Settings {
  std::string brand_name;
  std::string logo_url;
  std::string footer_text;
  Colours colours;
  std::string preheader;
  std::string web_url;
  std::string subscribe_url;
  std::string unsubscribe_url;
  std::string base_url;  // absolute http(s), or empty
  url::Tracking tracking;
  std::string lang;
};

Settings read_settings(const Issue& issue, const Options& options);

// The few words the outputs add around the writer's own, in the issue's
// language (en, zh, ja, ko, de, fr, es; English for any other).
struct Labels {
  std::string_view in_this_issue;
  std::string_view contents;
  std::string_view view_in_browser;
  std::string_view subscribe;
  std::string_view unsubscribe;
};
const Labels& labels(std::string_view lang);

// A front-matter value as text (strings and whole numbers), trimmed; empty
// when absent. Keys compare without regard to case.
std::string meta_text(const Issue& issue, std::string_view key);

// "#rgb" or "#rrggbb" as "#rrggbb" in lower case; nullopt for anything else,
// so that no front-matter text ever reaches a style attribute.
std::optional<std::string> parse_colour(std::string_view text);
// The accent, darkened until it reads on white and lightened until it reads on
// the dark background (WCAG contrast 4.5:1 each).
Colours readable_colours(std::string_view accent);
double contrast_ratio(std::string_view colour_a, std::string_view colour_b);

// The language of the issue: a valid `lang` from the front matter, else one
// guessed from its title and section titles (ja, ko, zh or en).
std::string issue_language(const Issue& issue);

// The link an email or plain text may carry for `url`: merge tags as they
// are, relative URLs resolved against the base URL, http(s) URLs tagged with
// the campaign, mailto: and tel: as they are. Empty when the URL is unsafe or
// stays relative (an email has no address to be relative to).
std::string outbound_url(std::string_view url, const Settings& settings);
// The same for an image source: absolute http(s) (or safe data:) only, never tagged.
std::string outbound_image(std::string_view src, const Settings& settings);

}  // namespace composer::render
