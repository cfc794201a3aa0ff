#include "filterbar.h"

#include "iconlibrary.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSettings>
#include <QStringListModel>
#include <QTimer>
#include <QToolButton>

namespace busmon {

namespace {
constexpr int recentLimit = 20;
constexpr int debounceMs = 250;

QColor mix(const QColor &base, const QColor &tint, qreal amount)
{
    return QColor::fromRgbF(base.redF() * (1 - amount) + tint.redF() * amount,
                            base.greenF() * (1 - amount) + tint.greenF() * amount,
                            base.blueF() * (1 - amount) + tint.blueF() * amount);
}

bool isWordCharacter(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('.');
}
} // namespace

FilterBar::FilterBar(QWidget *parent)
    : QWidget(parent)
    , m_edit(new QLineEdit(this))
    , m_errorLabel(new QLabel(this))
    , m_matchLabel(new QLabel(this))
    , m_recentButton(new QToolButton(this))
    , m_debounce(new QTimer(this))
    , m_completer(new QCompleter(this))
    , m_fieldModel(new QStringListModel(this))
{
    m_edit->setObjectName(QStringLiteral("filterEdit"));
    m_edit->setClearButtonEnabled(true);
    m_edit->setPlaceholderText(tr(
        "Filter (Ctrl+F): text, user:alice, kind:sync, record_count>10, has:problems, and/or/not, /regex/"));
    m_edit->addAction(IconLibrary::icon(QStringLiteral("filter")), QLineEdit::LeadingPosition);
    m_errorLabel->setObjectName(QStringLiteral("filterError"));
    m_errorLabel->setTextFormat(Qt::PlainText);
    m_errorLabel->setEnabled(true);
    m_errorLabel->hide();
    m_matchLabel->setObjectName(QStringLiteral("filterMatches"));
    m_matchLabel->setTextFormat(Qt::PlainText);
    m_matchLabel->hide();
    m_recentButton->setText(tr("Recent"));
    m_recentButton->setToolTip(tr("Recent filters"));
    m_recentButton->setAutoRaise(true);
    connect(m_recentButton, &QToolButton::clicked, this, &FilterBar::showRecentMenu);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_matchLabel);
    layout->addWidget(m_errorLabel);
    layout->addWidget(m_recentButton);

    m_debounce->setSingleShot(true);
    m_debounce->setInterval(debounceMs);
    connect(m_debounce, &QTimer::timeout, this, &FilterBar::apply);
    connect(m_edit, &QLineEdit::textChanged, this, &FilterBar::onTextEdited);
    connect(m_edit, &QLineEdit::returnPressed, this, [this] {
        if (m_completer->popup()->isVisible())
            return;
        m_debounce->stop();
        apply();
        if (m_valid)
            remember(m_edit->text());
    });

    m_completer->setModel(m_fieldModel);
    m_completer->setWidget(m_edit);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    connect(m_completer, qOverload<const QString &>(&QCompleter::activated), this,
            &FilterBar::insertCompletion);
    m_edit->installEventFilter(this);

    QSettings settings;
    m_recent = settings.value(QStringLiteral("filters/recent")).toStringList();
    m_recentButton->setEnabled(!m_recent.isEmpty());
}

void FilterBar::showMatches(int shown, int total)
{
    const bool narrowed = !m_applied.trimmed().isEmpty();
    m_matchLabel->setVisible(narrowed);
    if (!narrowed)
        return;
    const QLocale locale;
    m_matchLabel->setText(tr("%1 of %2").arg(locale.toString(shown), locale.toString(total)));
    m_matchLabel->setToolTip(tr("Messages of this tab that pass the filter"));
}

void FilterBar::showProgress(int percent)
{
    m_matchLabel->setVisible(true);
    m_matchLabel->setText(tr("filtering… %1%").arg(percent));
    m_matchLabel->setToolTip(tr("The table shows the previous filter's rows until this one is done"));
}

void FilterBar::setChecker(Checker checker)
{
    m_checker = std::move(checker);
    check();
}

void FilterBar::setFieldNames(const QStringList &names)
{
    if (m_fieldModel->stringList() != names)
        m_fieldModel->setStringList(names);
}

void FilterBar::setHelpText(const QString &help)
{
    m_help = help;
    if (m_valid)
        m_edit->setToolTip(m_help);
}

QString FilterBar::text() const
{
    return m_edit->text();
}

void FilterBar::setText(const QString &text)
{
    m_edit->setText(text);
    m_debounce->stop();
    apply();
}

void FilterBar::focusFilter()
{
    m_edit->setFocus(Qt::ShortcutFocusReason);
    m_edit->selectAll();
}

void FilterBar::onTextEdited()
{
    check();
    if (m_edit->hasFocus())
        updateCompletion();
    m_debounce->start();
}

void FilterBar::check()
{
    int position = -1;
    m_error = m_checker ? m_checker(m_edit->text(), &position) : QString();
    m_valid = m_error.isEmpty();
    if (m_valid) {
        m_errorLabel->hide();
        m_edit->setToolTip(m_help);
    } else {
        const QString where = position >= 0 ? tr(" (at character %1)").arg(position + 1) : QString();
        m_errorLabel->setText(m_error + where);
        m_errorLabel->setToolTip(m_error + where);
        m_errorLabel->show();
        m_edit->setToolTip(m_error + where);
    }
    tint();
}

void FilterBar::tint()
{
    QPalette palette = this->palette();
    if (!m_edit->text().trimmed().isEmpty()) {
        const QColor base = palette.color(QPalette::Base);
        const QColor tintColor = m_valid ? QColor(0x2d, 0xa4, 0x4e) : QColor(0xcf, 0x22, 0x2e);
        palette.setColor(QPalette::Base, mix(base, tintColor, 0.25));
    }
    m_edit->setPalette(palette);
    QPalette labelPalette = this->palette();
    labelPalette.setColor(QPalette::WindowText,
                          mix(labelPalette.color(QPalette::WindowText), QColor(0xcf, 0x22, 0x2e), 0.6));
    m_errorLabel->setPalette(labelPalette);
}

void FilterBar::apply()
{
    if (!m_valid)
        return;
    const QString text = m_edit->text();
    if (text == m_applied)
        return;
    m_applied = text;
    emit filterChanged(text);
}

void FilterBar::remember(const QString &text)
{
    if (text.trimmed().isEmpty())
        return;
    m_recent.removeAll(text);
    m_recent.prepend(text);
    while (m_recent.size() > recentLimit)
        m_recent.removeLast();
    QSettings settings;
    settings.setValue(QStringLiteral("filters/recent"), m_recent);
    m_recentButton->setEnabled(true);
}

void FilterBar::showRecentMenu()
{
    QMenu menu(this);
    for (const QString &recent : std::as_const(m_recent)) {
        menu.addAction(recent, this, [this, recent] { setText(recent); });
    }
    menu.exec(m_recentButton->mapToGlobal(QPoint(0, m_recentButton->height())));
}

void FilterBar::updateCompletion()
{
    const QString text = m_edit->text();
    const int cursor = m_edit->cursorPosition();
    int start = cursor;
    while (start > 0 && isWordCharacter(text.at(start - 1)))
        --start;
    const QString word = text.mid(start, cursor - start);
    const bool atWordEnd = cursor == text.size() || !isWordCharacter(text.at(cursor));
    if (word.size() < 1 || !atWordEnd || m_fieldModel->rowCount() == 0) {
        m_completer->popup()->hide();
        return;
    }
    m_completer->setCompletionPrefix(word);
    if (m_completer->completionCount() == 0 ||
        (m_completer->completionCount() == 1 && m_completer->currentCompletion() == word)) {
        m_completer->popup()->hide();
        return;
    }
    QRect rect = m_edit->rect();
    rect.setWidth(200);
    m_completer->complete(rect);
}

void FilterBar::insertCompletion(const QString &completion)
{
    QString text = m_edit->text();
    const int cursor = m_edit->cursorPosition();
    int start = cursor;
    while (start > 0 && isWordCharacter(text.at(start - 1)))
        --start;
    text.replace(start, cursor - start, completion);
    m_edit->setText(text);
    m_edit->setCursorPosition(start + static_cast<int>(completion.size()));
}

bool FilterBar::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_edit && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Escape && !m_completer->popup()->isVisible() && !m_edit->text().isEmpty()) {
            m_edit->clear();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace busmon
