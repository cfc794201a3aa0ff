#include "events/jsonobjectview.h"

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

} // namespace busmon
