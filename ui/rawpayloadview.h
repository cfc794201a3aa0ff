#pragma once

#include <QPlainTextEdit>

namespace busmon {

// The payload exactly as received: as text when it is valid UTF-8, else as a hex dump, so that
// no byte is hidden or replaced (a big payload is judged part by part: text that turns out to
// hold other bytes further on is shown again as a hex dump). A big payload is shown a part at a time, and a
// line longer than maxLineLength is broken for display: laying out megabytes of text, or one line of 100 KiB
// (QPlainTextEdit lays out whole lines), would hold the window for seconds.
class RawPayloadView : public QPlainTextEdit
{
    Q_OBJECT
public:
    static constexpr int maxLineLength = 2048;
    // A part, shown at once or per "show more": as text, or as a hex dump (about 5 characters a
    // byte, on lines of 16), which costs more to lay out.
    static constexpr qsizetype textPartBytes = 128 * 1024;
    static constexpr qsizetype hexPartBytes = 16 * 1024;

    explicit RawPayloadView(QWidget *parent = nullptr);

    // Shows the first `bytes` of `payload` (rounded down to a whole UTF-8 character).
    void showPayload(const QByteArray &payload, qsizetype bytes);
    void showPayload(const QByteArray &payload) { showPayload(payload, payload.size()); }
    // The next `bytes` after those shown.
    void showMore(qsizetype bytes);
    qsizetype shownBytes() const { return m_shown; }
    qsizetype partBytes() const { return m_hex ? hexPartBytes : textPartBytes; }
    static qsizetype partBytesFor(const QByteArray &payload);
    bool isShowingHex() const { return m_hex; }
    bool hasBrokenLines() const { return m_brokeLines; }

    static bool isValidUtf8(const QByteArray &bytes);
    static bool showsAsHex(QByteArrayView bytes);
    // Offsets in the dump start at `firstOffset`.
    static QString hexDump(QByteArrayView bytes, qsizetype firstOffset = 0);

private:
    QString breakLongLines(const QString &text);

    QByteArray m_payload;
    qsizetype m_shown = 0;
    qsizetype m_lineLength = 0; // characters shown since the last line break
    bool m_hex = false;
    bool m_brokeLines = false;
};

} // namespace busmon
