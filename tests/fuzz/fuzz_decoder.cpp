// The decoder and checker: EventDecoder (ChannelName, PayloadDocument, PayloadChecker,
// EventSummarizer) on a message as any publisher may send it. Input: the channel, a newline, the
// payload. Besides crashes, leaks and sanitizer reports it checks what the table and `tail` rely on:
// - the summary is one line with nothing a terminal or the table would obey (controls, line and
//   paragraph separators, bidi overrides);
// - each problem is one line that names its field ("field: …"): the store keeps problems joined
//   by newlines and the filter's problem: splits them there;
// - decoding twice gives the same event.
#include "events/eventdecoder.h"
#include "fuzzinput.h"

using namespace busmon;

namespace {

bool isBreaking(QChar c)
{
    const char16_t u = c.unicode();
    return u < 0x20 || u == 0x7f || (u >= 0x80 && u < 0xa0) || u == 0x2028 || u == 0x2029 ||
           (u >= 0x202a && u <= 0x202e) || (u >= 0x2066 && u <= 0x2069);
}

BusEvent decoded(const fuzz::FuzzInput &input)
{
    BusEvent event;
    event.sequence = 1;
    event.receivedMs = 1'790'000'000'000;
    event.channel = input.firstLine();
    event.payload = input.afterFirstLine();
    EventDecoder::decode(event);
    return event;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const fuzz::FuzzInput input(data, size);
    const BusEvent event = decoded(input);
    for (QChar c : event.summary)
        BUSMON_FUZZ_CHECK(!isBreaking(c), event.summary.toUtf8());
    for (const QString &problem : event.problems) {
        BUSMON_FUZZ_CHECK(!problem.contains(QLatin1Char('\n')), problem.toUtf8());
        BUSMON_FUZZ_CHECK(problem.indexOf(QLatin1String(": ")) > 0, problem.toUtf8());
    }
    const BusEvent again = decoded(input);
    BUSMON_FUZZ_CHECK(again.kind == event.kind && again.username == event.username &&
                          again.summary == event.summary && again.problems == event.problems,
                      event.summary.toUtf8());
    return 0;
}
