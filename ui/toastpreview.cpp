#include "toastpreview.h"

#include "events/announcement.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QVBoxLayout>

namespace busmon {

namespace {
QColor tintFor(const QString &type)
{
    if (type == QLatin1String("warning"))
        return QColor(0xd2, 0x99, 0x22);
    if (type == QLatin1String("error"))
        return QColor(0xcf, 0x22, 0x2e);
    if (type == QLatin1String("success"))
        return QColor(0x2d, 0xa4, 0x4e);
    return QColor(0x1f, 0x6f, 0xeb);
}

QColor blend(const QColor &base, const QColor &tint, qreal amount)
{
    return QColor::fromRgbF(base.redF() * (1 - amount) + tint.redF() * amount,
                            base.greenF() * (1 - amount) + tint.greenF() * amount,
                            base.blueF() * (1 - amount) + tint.blueF() * amount);
}
// Lets a long run without spaces wrap: a zero-width space every so often, for display only.
QString breakable(const QString &text)
{
    constexpr int longestRun = 48;
    QString result;
    int run = 0;
    for (const QChar c : text) {
        run = c.isSpace() ? 0 : run + 1;
        if (run > longestRun) {
            result += QChar(0x200B);
            run = 1;
        }
        result += c;
    }
    return result;
}
} // namespace

ToastPreview::ToastPreview(QWidget *parent)
    : QFrame(parent)
    , m_toast(new QLabel(this))
    , m_note(new QLabel(this))
{
    m_toast->setObjectName(QStringLiteral("toast"));
    m_toast->setWordWrap(true);
    m_toast->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_toast->setAutoFillBackground(true);
    m_toast->setMargin(12);
    // An unbroken run of text (a hostile 64 KB title) must not make the window as wide as itself.
    m_toast->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_note->setTextFormat(Qt::PlainText);
    m_note->setWordWrap(true);
    m_note->setEnabled(false);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_toast);
    layout->addWidget(m_note);
    layout->addStretch();
}

bool ToastPreview::showPayload(const QByteArray &payload)
{
    return showDocument(QJsonDocument::fromJson(payload));
}

void ToastPreview::showNote(const QString &note)
{
    m_toast->hide();
    m_plainText.clear();
    m_note->setText(note);
}

bool ToastPreview::showDocument(const QJsonDocument &document)
{
    if (!document.isObject()) {
        showNote(tr("The web UI shows no toast for this payload: it is not a JSON object."));
        return false;
    }
    const QJsonObject object = document.object();
    const Announcement toast = Announcement::fromObject(object);
    m_type = QString(Announcement::typeName(toast.effectiveType()));
    m_plainText = toast.previewText();
    // Built with escaping so that markup in a payload reads as the characters it is.
    m_toast->setTextFormat(Qt::RichText);
    m_toast->setText(
        QStringLiteral("<b>%1</b>: %2")
            .arg(breakable(toast.title).toHtmlEscaped(),
                 breakable(toast.message).toHtmlEscaped().replace(QLatin1Char('\n'), QLatin1String("<br>"))));
    m_toast->show();
    QStringList notes{tr("type: %1").arg(toast.type ? m_type : tr("(none: info)"))};
    if (toast.duration)
        notes << tr("duration: %1").arg(*toast.duration);
    if (!object.contains(QLatin1String("title")) || !object.contains(QLatin1String("message")))
        notes << tr("title or message missing: the web UI shows an empty part");
    m_note->setText(notes.join(QStringLiteral(" · ")));
    applyTint();
    return true;
}

QString ToastPreview::shownText() const
{
    return m_plainText;
}

void ToastPreview::applyTint()
{
    QPalette palette = m_toast->palette();
    const QColor base = palette.color(QPalette::Base);
    palette.setColor(QPalette::Window, blend(base, tintFor(m_type), 0.22));
    m_toast->setPalette(palette);
    m_toast->setFrameStyle(QFrame::Box | QFrame::Plain);
    m_toast->setLineWidth(1);
    QPalette framePalette = m_toast->palette();
    framePalette.setColor(QPalette::WindowText, palette.color(QPalette::Text));
    m_toast->setPalette(framePalette);
}

} // namespace busmon
