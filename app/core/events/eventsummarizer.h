#pragma once

#include "events/eventkind.h"
#include "events/payloaddocument.h"

#include <QString>

namespace busmon {

// The one line an operator reads per message, by kind: for a sync, who synced from where, how much
// and how long; for a changed task, which task and which fields; for a toast, title and message.
// Missing or mistyped fields show as "?": the problems column says what is wrong, the summary
// still says what it can. Broken payloads get their first characters, or their size.
class EventSummarizer
{
public:
    static QString summarize(EventKind kind, const PayloadDocument &document, const QByteArray &payload);

private:
    static QString ofObject(EventKind kind, const JsonObjectView &object);
    static QString ofRawText(const PayloadDocument &document, const QByteArray &payload);

    static QString sync(const JsonObjectView &object);
    static QString localSync(const JsonObjectView &object);
    static QString changedTask(const JsonObjectView &object);
    static QString logMessage(const JsonObjectView &object);
    static QString incomingMail(const JsonObjectView &object);
    static QString trelloChange(const JsonObjectView &object);
    static QString certificate(const JsonObjectView &object);
    static QString toast(const JsonObjectView &object);
};

} // namespace busmon
