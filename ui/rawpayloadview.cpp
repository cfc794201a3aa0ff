#include "rawpayloadview.h"

#include <QFontDatabase>
#include <QStringDecoder>

namespace busmon {

RawPayloadView::RawPayloadView(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setReadOnly(true);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setLineWrapMode(QPlainTextEdit::WidgetWidth);
    setWordWrapMode(QTextOption::WrapAnywhere);
}

void RawPayloadView::showPayload(const QByteArray &payload)
{
    m_hex = !isValidUtf8(payload) || payload.contains('\0');
    setPlainText(m_hex ? hexDump(payload) : QString::fromUtf8(payload));
}

bool RawPayloadView::isValidUtf8(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString decoded = decoder.decode(bytes);
    Q_UNUSED(decoded)
    return !decoder.hasError();
}

QString RawPayloadView::hexDump(const QByteArray &bytes)
{
    constexpr int bytesPerLine = 16;
    QString dump;
    dump.reserve(bytes.size() * 5);
    for (qsizetype offset = 0; offset < bytes.size(); offset += bytesPerLine) {
        const QByteArray line = bytes.mid(offset, bytesPerLine);
        dump += QStringLiteral("%1  ").arg(offset, 8, 16, QLatin1Char('0'));
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
