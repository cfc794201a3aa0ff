#pragma once

#include "events/jsonvalueview.h"

#include <QVarLengthArray>
#include <QtEndian>

#include <span>

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
        // The decoded key is `name`. Called for every key of every line read: inline, and the size
        // before the bytes, which are compared in place (keys are short, a call to memcmp costs more).
        Q_ALWAYS_INLINE bool keyIs(QLatin1StringView name) const
        {
            if (Q_UNLIKELY(keyEscaped))
                return keyText() == name;
            return key.size() == name.size() && sameBytes(key.data(), name.data(), name.size());
        }

    private:
        Q_ALWAYS_INLINE static bool sameBytes(const char *a, const char *b, qsizetype size)
        {
            if (size >= 8) {
                for (qsizetype i = 0; i + 8 < size; i += 8) {
                    if (qFromUnaligned<quint64>(a + i) != qFromUnaligned<quint64>(b + i))
                        return false;
                }
                return qFromUnaligned<quint64>(a + size - 8) == qFromUnaligned<quint64>(b + size - 8);
            }
            if (size >= 4)
                return qFromUnaligned<quint32>(a) == qFromUnaligned<quint32>(b) &&
                       qFromUnaligned<quint32>(a + size - 4) == qFromUnaligned<quint32>(b + size - 4);
            for (qsizetype i = 0; i < size; ++i) {
                if (a[i] != b[i])
                    return false;
            }
            return true;
        }
    };

    // Missing when there is no such key; the last one when a key repeats (as Python reads it).
    JsonValueView value(QLatin1StringView key) const;

    // What value() returns for each of `keys` (distinct), into `found`, as many, all Missing on the
    // way in. One pass over the members from the last, each tried first against the key before the
    // one the member after it had, then against the keys of its length: where the members come in
    // the keys' order, as publishers write them, that is one compare a member, and about as few in
    // another order (taskd sorts them), where value() for each key compares it with every member
    // after its own.
    void values(std::span<const QLatin1StringView> keys, std::span<JsonValueView> found) const;

    qsizetype size() const { return m_members.size(); }
    bool isEmpty() const { return m_members.isEmpty(); }
    const Member &at(qsizetype index) const { return m_members.at(index); }

    void append(const Member &member) { m_members.append(member); }

private:
    QVarLengthArray<Member, 16> m_members;
};

} // namespace busmon
