#include "events/jsonobjectview.h"

#include <cstring>

namespace busmon {

QString JsonObjectView::Member::keyText() const
{
    return JsonValueView(JsonValueView::Type::String, QByteArrayView(key.data() - 1, key.size() + 2),
                         keyEscaped)
        .toString();
}

JsonValueView JsonObjectView::value(QLatin1StringView key) const
{
    const QByteArrayView wanted(key.data(), key.size());
    for (qsizetype i = m_members.size() - 1; i >= 0; --i) {
        const Member &member = m_members.at(i);
        // Sizes first: most keys differ in length, and comparing bytes is a call into Qt.
        if (member.keyEscaped ? member.keyText() == key
                              : member.key.size() == wanted.size() &&
                                    std::memcmp(member.key.data(), wanted.data(), size_t(wanted.size())) == 0)
            return member.value;
    }
    return {};
}

} // namespace busmon
