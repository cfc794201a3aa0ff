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
QByteArrayView firstPart(const QByteArray &payload)
{
    return QByteArrayView(payload).first(
        characterBoundary(payload, std::min(payload.size(), RawPayloadView::textPartBytes)));
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
    m_lineLength = 0;
    m_brokeLines = false;
    // A big payload is judged a part at a time: checking 50 MB at once would hold the window.
    m_hex = showsAsHex(firstPart(payload));
    clear();
    showMore(bytes);
}

void RawPayloadView::showMore(qsizetype bytes)
{
    qsizetype end = std::min(m_payload.size(), m_shown + std::max<qsizetype>(bytes, 0));
    if (!m_hex) {
        end = characterBoundary(m_payload, end);
        // Bytes that are not text further on: the whole shown range becomes a hex dump.
        if (showsAsHex(QByteArrayView(m_payload).sliced(m_shown, end - m_shown))) {
            m_hex = true;
            const qsizetype shown = m_shown;
            m_shown = 0;
            clear();
            showMore(shown + hexPartBytes);
            return;
        }
    } else if (end < m_payload.size()) {
        end -= (end - m_shown) % bytesPerLine;
    }
    if (end <= m_shown)
        return;
    const QByteArrayView part = QByteArrayView(m_payload).sliced(m_shown, end - m_shown);
    const QString text = m_hex ? hexDump(part, m_shown) : breakLongLines(QString::fromUtf8(part));
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

QString RawPayloadView::breakLongLines(const QString &text)
{
    QString result;
    result.reserve(text.size() + text.size() / maxLineLength + 1);
    for (const QChar c : text) {
        if (c == QLatin1Char('\n')) {
            m_lineLength = 0;
        } else if (m_lineLength >= maxLineLength && !c.isLowSurrogate()) {
            result += QLatin1Char('\n');
            m_lineLength = 0;
            m_brokeLines = true;
        }
        if (c != QLatin1Char('\n'))
            ++m_lineLength;
        result += c;
    }
    return result;
}

bool RawPayloadView::showsAsHex(QByteArrayView bytes)
{
    return !bytes.isValidUtf8() || bytes.contains('\0');
}

qsizetype RawPayloadView::partBytesFor(const QByteArray &payload)
{
    return showsAsHex(firstPart(payload)) ? hexPartBytes : textPartBytes;
}

bool RawPayloadView::isValidUtf8(const QByteArray &bytes)
{
    return QByteArrayView(bytes).isValidUtf8();
}

QString RawPayloadView::hexDump(QByteArrayView bytes, qsizetype firstOffset)
{
    // Character by character: QString::arg() per byte made a 128 KiB part take 100 ms.
    static constexpr char digits[] = "0123456789abcdef";
    QString dump;
    dump.reserve((bytes.size() / bytesPerLine + 1) * 79);
    for (qsizetype offset = 0; offset < bytes.size(); offset += bytesPerLine) {
        const QByteArrayView line =
            bytes.sliced(offset, std::min<qsizetype>(bytesPerLine, bytes.size() - offset));
        const quint64 position = static_cast<quint64>(firstOffset + offset);
        for (int shift = 28; shift >= 0; shift -= 4)
            dump += QLatin1Char(digits[(position >> shift) & 0xf]);
        dump += QLatin1String("  ");
        for (int i = 0; i < bytesPerLine; ++i) {
            if (i < line.size()) {
                const auto byte = static_cast<quint8>(line.at(i));
                dump += QLatin1Char(digits[byte >> 4]);
                dump += QLatin1Char(digits[byte & 0xf]);
                dump += QLatin1Char(' ');
            } else {
                dump += QLatin1String("   ");
            }
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
