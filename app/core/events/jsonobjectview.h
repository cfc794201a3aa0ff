#pragma once

#include "events/jsonvalueview.h"

#include <QVarLengthArray>
#include <QtEndian>

#include <functional>
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
        bool keyIs(QLatin1StringView name) const
        {
            if (keyEscaped)
                return keyText() == name;
            return key.size() == name.size() && sameBytes(key.data(), name.data(), name.size());
        }

    private:
        static bool sameBytes(const char *a, const char *b, qsizetype size)
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

    // What value() returns for each of `keys` (distinct; `nameOf` gives a key's name), into `found`,
    // as many, all Missing on the way in. One pass over the members from the last, each tried first
    // against the key before the one the member after it had: where the members come in the keys'
    // order, as publishers write them, that is one compare a member, where value() for each key
    // compares it with every member after its own.
    template<typename Key, typename NameOf>
    void values(std::span<const Key> keys, NameOf nameOf, std::span<JsonValueView> found) const
    {
        const auto keyIndex = [&](const Member &member, qsizetype likely) -> qsizetype {
            if (likely >= 0 && member.keyIs(std::invoke(nameOf, keys[likely])))
                return likely;
            for (qsizetype k = 0; k < qsizetype(keys.size()); ++k) {
                if (k != likely && member.keyIs(std::invoke(nameOf, keys[k])))
                    return k;
            }
            return -1;
        };
        qsizetype likely = qsizetype(keys.size()) - 1;
        for (qsizetype i = m_members.size() - 1; i >= 0; --i) {
            const Member &member = m_members[i];
            const qsizetype k = keyIndex(member, likely);
            if (k < 0)
                continue;
            if (found[k].isMissing())
                found[k] = member.value;
            likely = k - 1;
        }
    }
    qsizetype size() const { return m_members.size(); }
    bool isEmpty() const { return m_members.isEmpty(); }
    const Member &at(qsizetype index) const { return m_members.at(index); }

    void append(const Member &member) { m_members.append(member); }

private:
    QVarLengthArray<Member, 16> m_members;
};

} // namespace busmon
