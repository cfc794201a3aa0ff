#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace busmon {

// `replay --rename-user OLD=NEW`: aims a user's traffic at a test account. A channel `<kind>.OLD`
// becomes `<kind>.NEW`, and a payload's top-level "username" whose value is OLD gets NEW instead.
// Nothing else changes: every other byte of the payload stays as it was, spacing and key order too.
class UserRenamer
{
public:
    // From "OLD=NEW"; nullopt when there is no '=' or a side is empty.
    static std::optional<UserRenamer> parse(const QString &text);
    UserRenamer(const QString &from, const QString &to);

    // True when the message was the user's and was changed.
    bool apply(QByteArray &channel, QByteArray &payload) const;

private:
    QString m_from;
    QString m_to;
    QByteArray m_quotedTo; // as a JSON string
};

} // namespace busmon
