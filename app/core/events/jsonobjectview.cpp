#include "events/jsonobjectview.h"

#include <array>

namespace busmon {

QString JsonObjectView::Member::keyText() const
{
    return JsonValueView(JsonValueView::Type::String, QByteArrayView(key.data() - 1, key.size() + 2),
                         keyEscaped)
        .toString();
}

JsonValueView JsonObjectView::value(QLatin1StringView key) const
{
    for (qsizetype i = m_members.size() - 1; i >= 0; --i) {
        if (m_members.at(i).keyIs(key))
            return m_members.at(i).value;
    }
    return {};
}

void JsonObjectView::values(std::span<const QLatin1StringView> keys, std::span<JsonValueView> found) const
{
    // Bit k of ofLength[n]: keys[k] is n bytes long (the last slot: that or longer), for the first
    // 32 keys, made when a member is first out of order; the others, and escaped members, whose raw
    // length is not their key's, are looked for one by one.
    std::array<quint32, 32> ofLength;
    const qsizetype lastSlot = qsizetype(ofLength.size()) - 1;
    const qsizetype indexed = qMin(qsizetype(keys.size()), qsizetype(32));
    bool lengthsIndexed = false;
    const auto indexLengths = [&] {
        ofLength.fill(0);
        for (qsizetype k = 0; k < indexed; ++k)
            ofLength[size_t(qMin(keys[size_t(k)].size(), lastSlot))] |= 1u << k;
        lengthsIndexed = true;
    };
    const auto oneByOne = [&](const Member &member, qsizetype from) -> qsizetype {
        for (qsizetype k = from; k < qsizetype(keys.size()); ++k) {
            if (member.keyIs(keys[size_t(k)]))
                return k;
        }
        return -1;
    };
    const auto keyIndex = [&](const Member &member, qsizetype likely) -> qsizetype {
        if (likely >= 0 && member.keyIs(keys[size_t(likely)]))
            return likely;
        if (member.keyEscaped)
            return oneByOne(member, 0);
        if (!lengthsIndexed)
            indexLengths();
        for (quint32 candidates = ofLength[size_t(qMin(member.key.size(), lastSlot))]; candidates;
             candidates &= candidates - 1) {
            const qsizetype k = qCountTrailingZeroBits(candidates);
            if (member.keyIs(keys[size_t(k)]))
                return k;
        }
        return oneByOne(member, indexed);
    };

    qsizetype likely = qsizetype(keys.size()) - 1;
    for (qsizetype i = m_members.size() - 1; i >= 0; --i) {
        const Member &member = m_members[i];
        const qsizetype k = keyIndex(member, likely);
        if (k < 0)
            continue;
        if (found[size_t(k)].isMissing())
            found[size_t(k)] = member.value;
        likely = k - 1;
    }
}

} // namespace busmon
