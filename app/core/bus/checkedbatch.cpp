#include "bus/checkedbatch.h"

#include "events/channelname.h"
#include "events/eventdecoder.h"

namespace busmon {

CheckedBatch CheckedBatch::check(const RawEventBatch &raw)
{
    CheckedBatch batch;
    batch.m_raw = raw;
    std::vector<ChannelName> names;
    names.reserve(size_t(raw.nameCount()));
    batch.m_channels.reserve(size_t(raw.nameCount()));
    for (quint32 name = 0; name < quint32(raw.nameCount()); ++name) {
        const ChannelName &parsed = names.emplace_back(ChannelName::parse(raw.channel(name)));
        batch.m_channels.push_back(ChannelFacts{parsed.kind(), parsed.username().toUtf8()});
    }
    for (qsizetype i = 0; i < raw.size(); ++i) {
        QStringList problems = EventDecoder::problems(names[raw.nameOf(i)], raw.payload(i));
        if (!problems.isEmpty())
            batch.m_problems.insert(i, std::move(problems));
    }
    return batch;
}

} // namespace busmon
