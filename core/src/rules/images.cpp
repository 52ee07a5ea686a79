// Images: alt text, paths that load in email, images outside items.
#include "rules/rules.hpp"
#include "util/url.hpp"

namespace composer::rules {

void check_images(Report& report) {
  const Issue& issue = report.issue();
  for (const SourceLink& image : issue.inventory.links) {
    if (!image.image) continue;
    if (image.text.empty()) {
      report.add("image/no-alt", image.range,
                 "This image has no alt text, so screen readers and email clients that block images show nothing. "
                 "Describe it between the brackets: '![what it shows](…)'.");
    }
    if (url::scheme(image.url).empty() && !image.url.empty()) {
      report.add("image/relative", image.range,
                 "This image path is relative ('" + image.url + "'), so it will not load in email or on other sites. "
                 "Use the image's full https:// URL.");
    }
    if (!report.item_at(image.range.start.offset)) {
      report.add("image/outside-item", image.range,
                 "This image stands outside any item. Put it under the item it illustrates.");
    }
  }
}

}  // namespace composer::rules
