// SPDX-License-Identifier: Apache-2.0
// One-line messages (hw_models/common/Text.h): input quoted in them is escaped, and a long one is cut once,
// with the number of bytes dropped.
#include <gtest/gtest.h>

#include "hw_models/common/Text.h"

using npu::capped;
using npu::printable;

TEST(Text, PrintableEscapesControlBytesNonUtf8AndTheByteOrderMark) {
    EXPECT_EQ(printable("a\nb\tc\x01"), "a\\nb\\tc\\x01");
    EXPECT_EQ(printable("\xff" "ok"), "\\xffok");
    EXPECT_EQ(printable("\xEF\xBB\xBFR"), "\\xef\\xbb\\xbfR");
    EXPECT_EQ(printable("caf\xC3\xA9"), "caf\xC3\xA9");  // (valid UTF-8 stays)
}

TEST(Text, CappedCutsOnceAtACharacterBoundaryAndCountsTheBytesDropped) {
    EXPECT_EQ(capped("short", 10), "short");
    EXPECT_EQ(capped(std::string(10, 'a'), 10), std::string(10, 'a'));
    EXPECT_EQ(capped(std::string(25, 'a'), 10), std::string(10, 'a') + "... (message cut: 15 more bytes)");
    // a two-byte character across the limit is dropped whole: 9 bytes kept, 4 dropped
    const std::string s = std::string(9, 'a') + "\xC3\xA9" + "bb";
    EXPECT_EQ(capped(s, 10), std::string(9, 'a') + "... (message cut: 4 more bytes)");
    // the default limit: about 1 KiB
    EXPECT_EQ(capped(std::string(5000, 'x')).size(), 1024 + std::string("... (message cut: 3976 more bytes)").size());
}
