#pragma once

#include "events/jsonvalueview.h"

#include <QVarLengthArray>

#include <cstring>

namespace busmon {

// The members of one JSON object, in payload order, as views (see JsonValueView).
class JsonObjectView
{
public:
    struct Member
    {
        QByteArrayView key; // raw, without quotes
        bool keyEscaped = false;
        JsonValueView value;

        QString keyText() const;
        // The decoded key is `name`. Called for every key of every line read: inline, and size and
        // first byte before a call to compare the rest.
        bool keyIs(QLatin1StringView name) const
        {
            if (keyEscaped)
                return keyText() == name;
            return key.size() == name.size() &&
                   (key.isEmpty() || (key.front() == name.front() &&
                                      std::memcmp(key.data(), name.data(), size_t(name.size())) == 0));
        }
    };

    // Missing when there is no such key; the last one when a key repeats (as Python reads it).
    JsonValueView value(QLatin1StringView key) const;
    qsizetype size() const { return m_members.size(); }
    bool isEmpty() const { return m_members.isEmpty(); }
    const Member &at(qsizetype index) const { return m_members.at(index); }

    void append(const Member &member) { m_members.append(member); }

private:
    QVarLengthArray<Member, 16> m_members;
};

} // namespace busmon
