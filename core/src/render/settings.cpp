#include "render/settings.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "util/text.hpp"

namespace composer::render {
namespace {

struct Rgb {
  double r, g, b;  // 0..255
};

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Rgb to_rgb(std::string_view hex) {  // "#rrggbb"
  const auto channel = [&](std::size_t i) { return hex_digit(hex[i]) * 16.0 + hex_digit(hex[i + 1]); };
  return {channel(1), channel(3), channel(5)};
}

std::string to_hex(const Rgb& c) {
  char buffer[8];
  const auto clamp = [](double v) { return static_cast<int>(std::lround(std::clamp(v, 0.0, 255.0))); };
  std::snprintf(buffer, sizeof buffer, "#%02x%02x%02x", clamp(c.r), clamp(c.g), clamp(c.b));
  return buffer;
}

double luminance(const Rgb& c) {
  const auto linear = [](double v) {
    v /= 255.0;
    return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b);
}

Rgb mix(const Rgb& c, const Rgb& towards, double amount) {
  return {c.r + (towards.r - c.r) * amount, c.g + (towards.g - c.g) * amount, c.b + (towards.b - c.b) * amount};
}

// Mixes `colour` towards `towards` in small steps until it reaches 4.5:1
// against `background`.
std::string readable_on(std::string_view colour, const Rgb& towards, std::string_view background) {
  const Rgb start = to_rgb(colour);
  for (int step = 0; step <= 20; ++step) {
    const std::string candidate = to_hex(mix(start, towards, step / 20.0));
    if (contrast_ratio(candidate, background) >= 4.5) return candidate;
  }
  return to_hex(towards);
}

bool is_language_tag(std::string_view tag) {
  // BCP 47 in the shape mail clients and browsers use: "en", "zh-CN", "pt-BR".
  std::size_t part_length = 0;
  bool first = true;
  for (std::size_t i = 0; i <= tag.size(); ++i) {
    if (i == tag.size() || tag[i] == '-') {
      if (part_length == 0 || part_length > 8 || (first && part_length < 2)) return false;
      first = false;
      part_length = 0;
      continue;
    }
    const char c = tag[i];
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!letter && !(!first && c >= '0' && c <= '9')) return false;
    ++part_length;
  }
  return !tag.empty() && tag.size() <= 35;
}

// An absolute http(s) URL, or empty: what an email may fetch or link to.
std::string absolute_http(std::string_view url) {
  const std::string s = url::scheme(url);
  return s == "http" || s == "https" ? std::string(text::trim(url)) : std::string();
}

}  // namespace

std::string meta_text(const Issue& issue, std::string_view key) {
  for (auto it = issue.meta.begin(); it != issue.meta.end(); ++it) {
    if (text::to_lower_ascii(it.key()) != key) continue;
    if (it.value().is_string()) return std::string(text::trim(it.value().get_ref<const std::string&>()));
    if (it.value().is_number_integer()) return std::to_string(it.value().get<long long>());
    return {};
  }
  return {};
}

std::optional<std::string> parse_colour(std::string_view text) {
  text = text::trim(text);
  if (text.empty() || text.front() != '#' || (text.size() != 4 && text.size() != 7)) return std::nullopt;
  std::string out = "#";
  for (std::size_t i = 1; i < text.size(); ++i) {
    if (hex_digit(text[i]) < 0) return std::nullopt;
    const char c = static_cast<char>(text::to_lower_ascii(text.substr(i, 1))[0]);
    out += c;
    if (text.size() == 4) out += c;
  }
  return out;
}

double contrast_ratio(std::string_view colour_a, std::string_view colour_b) {
  const double a = luminance(to_rgb(colour_a));
  const double b = luminance(to_rgb(colour_b));
  return (std::max(a, b) + 0.05) / (std::min(a, b) + 0.05);
}

Colours readable_colours(std::string_view accent) {
  return {readable_on(accent, {0, 0, 0}, "#ffffff"), readable_on(accent, {255, 255, 255}, kDarkBackground)};
}

std::string issue_language(const Issue& issue) {
  const std::string declared = meta_text(issue, "lang");
  if (is_language_tag(declared)) return declared;
  bool han = false, kana = false, hangul = false;
  const auto scan = [&](std::string_view s) {
    for (std::size_t pos = 0; pos < s.size();) {
      if (static_cast<unsigned char>(s[pos]) < 0x80) {
        ++pos;
        continue;
      }
      const char32_t cp = text::decode_utf8(s, pos);
      if ((cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x31F0 && cp <= 0x31FF)) kana = true;
      else if ((cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0x1100 && cp <= 0x11FF)) hangul = true;
      else if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF)) han = true;
    }
  };
  scan(issue.title);
  for (const Section& section : issue.sections) scan(section.title);
  if (kana) return "ja";
  if (hangul) return "ko";
  if (han) return "zh";
  return "en";
}

Settings read_settings(const Issue& issue, const Options& options) {
  Settings s;
  s.brand_name = meta_text(issue, "brand_name");
  if (s.brand_name.empty()) s.brand_name = issue.newsletter;
  s.logo_url = absolute_http(meta_text(issue, "logo_url"));
  s.footer_text = meta_text(issue, "footer_text");
  std::optional<std::string> accent = parse_colour(meta_text(issue, "accent_color"));
  if (!accent) accent = parse_colour(meta_text(issue, "accent_colour"));
  s.colours = readable_colours(accent ? *accent : std::string(kDefaultAccent));
  s.preheader = meta_text(issue, "preheader");
  if (s.preheader.empty()) s.preheader = meta_text(issue, "summary");
  s.web_url = meta_text(issue, "web_url");
  s.subscribe_url = meta_text(issue, "subscribe_url");
  s.unsubscribe_url = meta_text(issue, "unsubscribe_url");
  s.base_url = absolute_http(meta_text(issue, "base_url"));
  if (s.base_url.empty()) s.base_url = absolute_http(s.web_url);
  const auto pick = [&](const std::string& option, const char* key) {
    return option.empty() ? meta_text(issue, key) : option;
  };
  s.tracking.source = pick(options.utm.source, "utm_source");
  s.tracking.medium = pick(options.utm.medium, "utm_medium");
  s.tracking.campaign = pick(options.utm.campaign, "utm_campaign");
  s.lang = issue_language(issue);
  return s;
}

const Labels& labels(std::string_view lang) {
  static const Labels en{"In this issue", "Contents", "View in browser", "Subscribe", "Unsubscribe"};
  static const struct {
    std::string_view language;
    Labels labels;
  } translated[] = {
      {"zh", {"本期要点", "目录", "在浏览器中查看", "订阅", "退订"}},
      {"ja", {"今号のハイライト", "目次", "ブラウザで表示", "購読する", "配信停止"}},
      {"ko", {"이번 호 하이라이트", "목차", "브라우저에서 보기", "구독하기", "구독 취소"}},
      {"de", {"In dieser Ausgabe", "Inhalt", "Im Browser ansehen", "Abonnieren", "Abmelden"}},
      {"fr", {"Dans ce numéro", "Sommaire", "Voir dans le navigateur", "S’abonner", "Se désabonner"}},
      {"es", {"En este número", "Contenido", "Ver en el navegador", "Suscribirse", "Darse de baja"}},
  };
  const std::string primary = text::to_lower_ascii(lang.substr(0, lang.find('-')));
  for (const auto& entry : translated) {
    if (entry.language == primary) return entry.labels;
  }
  return en;
}

std::string outbound_url(std::string_view url, const Settings& settings) {
  url = text::trim(url);
  if (url.empty()) return {};
  if (url::is_placeholder(url)) return std::string(url);
  const std::string absolute = url::resolve(settings.base_url, url);
  const std::string s = url::scheme(absolute);
  if (s == "http" || s == "https") return url::with_tracking(absolute, settings.tracking);
  if (s == "mailto" || s == "tel") return absolute;
  return {};
}

std::string outbound_image(std::string_view src, const Settings& settings) {
  src = text::trim(src);
  if (src.empty() || url::is_placeholder(src)) return {};
  const std::string absolute = url::resolve(settings.base_url, src);
  const std::string s = url::scheme(absolute);
  if (s == "http" || s == "https") return absolute;
  if (s == "data" && url::is_safe(absolute, true)) return absolute;
  return {};
}

}  // namespace composer::render
