#pragma once

#include <QPlainTextEdit>

namespace busmon {

// The payload exactly as received: as text when it is valid UTF-8, else as a hex dump, so that
// no byte is hidden or replaced.
class RawPayloadView : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit RawPayloadView(QWidget *parent = nullptr);

    void showPayload(const QByteArray &payload);
    bool isShowingHex() const { return m_hex; }

    static bool isValidUtf8(const QByteArray &bytes);
    static QString hexDump(const QByteArray &bytes);

private:
    bool m_hex = false;
};

} // namespace busmon
