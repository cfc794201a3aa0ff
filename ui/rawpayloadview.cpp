#include "rawpayloadview.h"

#include <QFontDatabase>
#include <QTextCursor>

namespace busmon {

namespace {
constexpr int bytesPerLine = 16;

// Backs `end` off a UTF-8 continuation byte, so a part never ends inside a character.
qsizetype characterBoundary(const QByteArray &bytes, qsizetype end)
{
    qsizetype boundary = end;
    while (boundary > 0 && boundary < bytes.size() && end - boundary < 4 &&
           (static_cast<quint8>(bytes.at(boundary)) & 0xC0) == 0x80)
        --boundary;
    return boundary;
}
} // namespace

RawPayloadView::RawPayloadView(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setReadOnly(true);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setLineWrapMode(QPlainTextEdit::WidgetWidth);
    setWordWrapMode(QTextOption::WrapAnywhere);
}

void RawPayloadView::showPayload(const QByteArray &payload, qsizetype bytes)
{
    m_payload = payload;
    m_shown = 0;
    m_hex = !isValidUtf8(payload) || payload.contains('\0');
    clear();
    showMore(bytes);
}

void RawPayloadView::showMore(qsizetype bytes)
{
    qsizetype end = std::min(m_payload.size(), m_shown + std::max<qsizetype>(bytes, 0));
    if (m_hex && end < m_payload.size())
        end -= (end - m_shown) % bytesPerLine;
    else if (!m_hex)
        end = characterBoundary(m_payload, end);
    if (end <= m_shown)
        return;
    const QByteArrayView part = QByteArrayView(m_payload).sliced(m_shown, end - m_shown);
    const QString text = m_hex ? hexDump(part, m_shown) : QString::fromUtf8(part);
    if (m_shown == 0) {
        setPlainText(m_hex && text.endsWith(QLatin1Char('\n')) ? text.chopped(1) : text);
    } else {
        QTextCursor cursor(document());
        cursor.movePosition(QTextCursor::End);
        cursor.insertText(
            m_hex ? QLatin1Char('\n') + (text.endsWith(QLatin1Char('\n')) ? text.chopped(1) : text) : text);
    }
    m_shown = end;
}

bool RawPayloadView::isValidUtf8(const QByteArray &bytes)
{
    return QByteArrayView(bytes).isValidUtf8();
}

QString RawPayloadView::hexDump(QByteArrayView bytes, qsizetype firstOffset)
{
    QString dump;
    dump.reserve(bytes.size() * 5);
    for (qsizetype offset = 0; offset < bytes.size(); offset += bytesPerLine) {
        const QByteArrayView line =
            bytes.sliced(offset, std::min<qsizetype>(bytesPerLine, bytes.size() - offset));
        dump += QStringLiteral("%1  ").arg(firstOffset + offset, 8, 16, QLatin1Char('0'));
        for (int i = 0; i < bytesPerLine; ++i) {
            dump += i < line.size()
                        ? QStringLiteral("%1 ").arg(static_cast<quint8>(line.at(i)), 2, 16, QLatin1Char('0'))
                        : QStringLiteral("   ");
            if (i == 7)
                dump += QLatin1Char(' ');
        }
        dump += QLatin1String(" |");
        for (const char byte : line)
            dump += byte >= 0x20 && byte < 0x7f ? QLatin1Char(byte) : QLatin1Char('.');
        dump += QLatin1String("|\n");
    }
    return dump;
}

} // namespace busmon
