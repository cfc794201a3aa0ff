#pragma once

#include <QPlainTextEdit>

namespace busmon {

// The payload exactly as received: as text when it is valid UTF-8, else as a hex dump, so that
// no byte is hidden or replaced. A big payload is shown a part at a time: laying out megabytes of
// text would hold the window for seconds.
class RawPayloadView : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit RawPayloadView(QWidget *parent = nullptr);

    // Shows the first `bytes` of `payload` (rounded down to a whole UTF-8 character).
    void showPayload(const QByteArray &payload, qsizetype bytes);
    void showPayload(const QByteArray &payload) { showPayload(payload, payload.size()); }
    // The next `bytes` after those shown.
    void showMore(qsizetype bytes);
    qsizetype shownBytes() const { return m_shown; }
    bool isShowingHex() const { return m_hex; }

    static bool isValidUtf8(const QByteArray &bytes);
    // Offsets in the dump start at `firstOffset`.
    static QString hexDump(QByteArrayView bytes, qsizetype firstOffset = 0);

private:
    QByteArray m_payload;
    qsizetype m_shown = 0;
    bool m_hex = false;
};

} // namespace busmon
