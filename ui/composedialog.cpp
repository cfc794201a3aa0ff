#include "composedialog.h"
#include "ui_composedialog.h"

#include "publishconfirmdialog.h"
#include "toastpreview.h"

#include "publish/draftlibrary.h"
#include "publish/publishconfirmation.h"
#include "publish/publishguard.h"

#include <QCompleter>
#include <QFontDatabase>
#include <QInputDialog>
#include <QLocale>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QStringListModel>
#include <QTimer>

namespace busmon {

namespace {
constexpr int slowAnswerMs = 10000;
constexpr int messageLines = 6;

QColor issueColor(const QPalette &palette, ToastDraft::Severity severity)
{
    const bool dark = palette.color(QPalette::Base).lightnessF() < 0.5;
    if (severity == ToastDraft::Severity::Error)
        return dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xcf, 0x22, 0x2e);
    return dark ? QColor(0xd2, 0x99, 0x22) : QColor(0x9a, 0x67, 0x00);
}

void setTextColor(QWidget *widget, const QColor &color)
{
    QPalette palette = widget->palette();
    palette.setColor(QPalette::WindowText, color);
    widget->setPalette(palette);
}
} // namespace

ComposeDialog::ComposeDialog(const SessionOrigin &target, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::ComposeDialog>())
    , m_knownUsers(new QStringListModel(this))
    , m_slowAnswer(new QTimer(this))
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("composeDialog"));
    m_publishButton = m_ui->buttonBox->addButton(tr("&Publish…"), QDialogButtonBox::ActionRole);
    m_publishButton->setObjectName(QStringLiteral("publishButton"));
    // Enter in a field must neither publish nor close what was typed.
    for (QAbstractButton *button : m_ui->buttonBox->buttons()) {
        if (auto *push = qobject_cast<QPushButton *>(button))
            push->setAutoDefault(false);
    }
    auto *publishShortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    connect(publishShortcut, &QShortcut::activated, this, &ComposeDialog::publish);
    m_publishButton->setToolTip(tr("Check the form, ask, then publish (Ctrl+Return)"));

    m_ui->typeCombo->addItem(tr("(none: shown as info)"), QString());
    for (const char *type : {"info", "warning", "error", "success"})
        m_ui->typeCombo->addItem(QString::fromLatin1(type), QString::fromLatin1(type));
    m_ui->jsonView->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_ui->jsonView->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    m_ui->messageEdit->setMaximumHeight(m_ui->messageEdit->fontMetrics().lineSpacing() * messageLines +
                                        2 * m_ui->messageEdit->frameWidth() + 8);
    m_ui->splitter->setStretchFactor(0, 3);
    m_ui->splitter->setStretchFactor(1, 2);
    // Narrower than side by side needs: resizeEvent() stacks the two.
    m_ui->splitter->setMinimumWidth(
        qMax(m_ui->formPane->minimumSizeHint().width(), m_ui->previewPane->minimumSizeHint().width()));

    auto *completer = new QCompleter(m_knownUsers, this);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    m_ui->usernameEdit->setCompleter(completer);

    auto *historyMenu = new QMenu(m_ui->historyButton);
    historyMenu->setObjectName(QStringLiteral("historyMenu"));
    m_ui->historyButton->setMenu(historyMenu);
    connect(historyMenu, &QMenu::aboutToShow, this, &ComposeDialog::fillHistoryMenu);

    for (QLineEdit *edit : {m_ui->usernameEdit, m_ui->titleEdit, m_ui->durationEdit})
        connect(edit, &QLineEdit::textChanged, this, &ComposeDialog::refresh);
    connect(m_ui->messageEdit, &QPlainTextEdit::textChanged, this, &ComposeDialog::refresh);
    connect(m_ui->userRadio, &QRadioButton::toggled, this, &ComposeDialog::refresh);
    connect(m_ui->systemCheck, &QCheckBox::toggled, this, &ComposeDialog::refresh);
    connect(m_ui->typeCombo, &QComboBox::currentIndexChanged, this, &ComposeDialog::refresh);
    connect(m_ui->templateCombo, &QComboBox::activated, this, &ComposeDialog::chooseTemplate);
    connect(m_ui->templateCombo, &QComboBox::currentIndexChanged, this,
            [this](int index) { m_ui->removeTemplateButton->setEnabled(index > 0); });
    connect(m_ui->saveTemplateButton, &QToolButton::clicked, this, &ComposeDialog::saveTemplate);
    connect(m_ui->removeTemplateButton, &QToolButton::clicked, this, &ComposeDialog::removeTemplate);
    connect(m_publishButton, &QPushButton::clicked, this, &ComposeDialog::publish);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &ComposeDialog::reject);

    m_slowAnswer->setSingleShot(true);
    m_slowAnswer->setInterval(slowAnswerMs);
    connect(m_slowAnswer, &QTimer::timeout, this, [this] {
        showResult(tr("No answer from %1 after %2 s: the message may not have gone out.")
                       .arg(m_target.settings.displayUrl())
                       .arg(slowAnswerMs / 1000),
                   true);
    });

    loadTemplates();
    setTarget(target);
    refresh();
}

ComposeDialog::~ComposeDialog() = default;

void ComposeDialog::resizeEvent(QResizeEvent *event)
{
    QDialog::resizeEvent(event);
    // Too narrow for the form and the preview side by side, the preview goes below the form.
    const int sideBySide = m_ui->formPane->minimumSizeHint().width() +
                           m_ui->previewPane->minimumSizeHint().width() + m_ui->splitter->handleWidth();
    const Qt::Orientation fitting = m_ui->splitter->width() < sideBySide ? Qt::Vertical : Qt::Horizontal;
    if (m_ui->splitter->orientation() == fitting)
        return;
    m_ui->splitter->setOrientation(fitting);
    if (fitting == Qt::Vertical) {
        // Stacked, the form takes what it needs and the JSON and the preview the rest.
        const int form = m_ui->formPane->sizeHint().height();
        m_ui->splitter->setSizes({form, qMax(0, m_ui->splitter->height() - form)});
    }
}

void ComposeDialog::changeEvent(QEvent *event)
{
    QDialog::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        refresh(); // the colours of problems follow the palette
}

ToastPreview *ComposeDialog::preview() const
{
    return m_ui->toastPreview;
}

QString ComposeDialog::resultText() const
{
    return m_ui->resultLabel->text();
}

void ComposeDialog::setTarget(const SessionOrigin &target)
{
    m_target = target;
    delete m_guard;
    m_guard = nullptr;
    m_slowAnswer->stop();
    const QString refusal = PublishGuard::refusalFor(target);
    if (refusal.isEmpty()) {
        m_guard = new PublishGuard(target, QStringLiteral("busmon"), AuditLog::defaultPath(), this);
        connect(m_guard, &PublishGuard::published, this, &ComposeDialog::onPublished);
        connect(m_guard, &PublishGuard::refused, this,
                [this](const QByteArray &, const QString &reason) { onRefused(reason); });
        connect(m_guard, &PublishGuard::auditFailed, this, [this](const QString &reason) {
            showResult(tr("%1\nThe audit log is missing this line: %2").arg(resultText(), reason), true);
        });
        m_ui->targetLabel->setText(tr("Publishes to %1.").arg(PublishConfirmation::describeTarget(target)));
    } else {
        m_ui->targetLabel->setText(refusal);
    }
    m_publishButton->setEnabled(refusal.isEmpty());
    m_publishButton->setToolTip(refusal.isEmpty() ? tr("Check the form, ask, then publish (Ctrl+Return)")
                                                  : refusal);
}

void ComposeDialog::focusFirstField()
{
    QLineEdit *first = m_ui->userRadio->isChecked() ? m_ui->usernameEdit : m_ui->titleEdit;
    first->setFocus();
    first->selectAll();
}

void ComposeDialog::setKnownUsers(const QStringList &usernames)
{
    if (m_knownUsers->stringList() != usernames)
        m_knownUsers->setStringList(usernames);
}

ToastDraft ComposeDialog::draft() const
{
    ToastDraft result;
    result.target = m_ui->userRadio->isChecked() ? ToastDraft::Target::OneUser : ToastDraft::Target::Everyone;
    result.username = m_ui->usernameEdit->text();
    result.title = m_ui->titleEdit->text();
    result.message = m_ui->messageEdit->toPlainText();
    result.system = m_ui->systemCheck->isChecked();
    result.type = m_ui->typeCombo->currentData().toString();
    result.duration = m_ui->durationEdit->text().trimmed();
    return result;
}

void ComposeDialog::setDraft(const ToastDraft &draft)
{
    m_filling = true;
    (draft.target == ToastDraft::Target::OneUser ? m_ui->userRadio : m_ui->everyoneRadio)->setChecked(true);
    m_ui->usernameEdit->setText(draft.username);
    m_ui->titleEdit->setText(draft.title);
    m_ui->messageEdit->setPlainText(draft.message);
    m_ui->systemCheck->setChecked(draft.system);
    m_ui->typeCombo->setCurrentIndex(qMax(0, m_ui->typeCombo->findData(draft.type)));
    m_ui->durationEdit->setText(draft.duration);
    m_filling = false;
    m_attempted = false;
    m_ui->resultLabel->clear();
    refresh();
}

void ComposeDialog::refresh()
{
    if (m_filling)
        return;
    const ToastDraft current = draft();
    const bool toUser = current.target == ToastDraft::Target::OneUser;
    m_ui->usernameLabel->setEnabled(toUser);
    m_ui->usernameEdit->setEnabled(toUser);
    m_ui->systemCheck->setEnabled(!toUser);
    const QByteArray payload = current.payload();
    m_ui->channelLabel->setText(tr("Channel: %1").arg(QString::fromUtf8(current.channel())));
    // Payloads are written as json.dumps does, all ASCII: the text shown is the bytes sent.
    if (m_ui->jsonView->toPlainText() != QString::fromUtf8(payload))
        m_ui->jsonView->setPlainText(QString::fromUtf8(payload));
    m_ui->toastPreview->showPayload(payload);
    showIssues(current);
}

QWidget *ComposeDialog::fieldOf(ToastDraft::Field field) const
{
    switch (field) {
    case ToastDraft::Field::Username:
        return m_ui->usernameEdit;
    case ToastDraft::Field::Title:
        return m_ui->titleEdit;
    case ToastDraft::Field::Message:
        return m_ui->messageEdit;
    case ToastDraft::Field::Type:
        return m_ui->typeCombo;
    case ToastDraft::Field::Duration:
        return m_ui->durationEdit;
    }
    return nullptr;
}

void ComposeDialog::showIssues(const ToastDraft &draft)
{
    // An empty field is no news before Publish was pressed.
    auto shown = [&](ToastDraft::Field field, const QString &text) {
        return m_attempted || !text.trimmed().isEmpty() ? draft.issuesOf(field) : QList<ToastDraft::Issue>();
    };
    showIssue(m_ui->usernameIssue, m_ui->usernameEdit, shown(ToastDraft::Field::Username, draft.username));
    showIssue(m_ui->titleIssue, m_ui->titleEdit, shown(ToastDraft::Field::Title, draft.title));
    showIssue(m_ui->messageIssue, m_ui->messageEdit, shown(ToastDraft::Field::Message, draft.message));
    showIssue(m_ui->durationIssue, m_ui->durationEdit, shown(ToastDraft::Field::Duration, draft.duration));
}

void ComposeDialog::showIssue(QLabel *label, QWidget *field, const QList<ToastDraft::Issue> &issues)
{
    if (issues.isEmpty()) {
        label->clear();
        label->hide();
        field->setToolTip(QString());
        return;
    }
    QStringList reasons;
    bool error = false;
    for (const ToastDraft::Issue &issue : issues) {
        reasons << issue.reason;
        error = error || issue.severity == ToastDraft::Severity::Error;
    }
    label->setText(reasons.join(u'\n'));
    setTextColor(label,
                 issueColor(palette(), error ? ToastDraft::Severity::Error : ToastDraft::Severity::Warning));
    label->show();
    field->setToolTip(label->text());
}

void ComposeDialog::showResult(const QString &text, bool problem)
{
    m_ui->resultLabel->setText(text);
    setTextColor(m_ui->resultLabel, problem ? issueColor(palette(), ToastDraft::Severity::Error)
                                            : palette().color(QPalette::WindowText));
}

void ComposeDialog::publish()
{
    if (!m_publishButton->isEnabled())
        return;
    m_attempted = true;
    refresh();
    const ToastDraft current = draft();
    if (!m_guard) {
        showResult(PublishGuard::refusalFor(m_target), true);
        return;
    }
    const QList<ToastDraft::Issue> issues = current.issues();
    for (const ToastDraft::Issue &issue : issues) {
        if (issue.severity == ToastDraft::Severity::Error) {
            fieldOf(issue.field)->setFocus();
            showResult(tr("Not published: see the problems at the fields."), true);
            return;
        }
    }
    const QByteArray channel = current.channel();
    const QByteArray payload = current.payload();
    if (!PublishConfirmDialog::ask(this, PublishConfirmation::forMessage(m_target, channel, payload))) {
        showResult(tr("Not published."), false);
        return;
    }
    m_sending = current;
    m_publishButton->setEnabled(false);
    showResult(tr("Publishing on %1…").arg(QString::fromUtf8(channel)), false);
    m_slowAnswer->start();
    QString error;
    if (!m_guard->publish(channel, payload, &error)) {
        m_slowAnswer->stop();
        m_publishButton->setEnabled(true);
        showResult(error, true);
    }
}

void ComposeDialog::onPublished(const QByteArray &channel, qint64 receivers)
{
    m_slowAnswer->stop();
    m_publishButton->setEnabled(true);
    const QString name = QString::fromUtf8(channel);
    if (receivers == 0)
        showResult(tr("Published on %1, but no subscriber received it: nobody listens on that channel right "
                      "now (PUBLISH answered 0).")
                       .arg(name),
                   true);
    else
        showResult(receivers == 1
                       ? tr("Published on %1: received by 1 subscriber.").arg(name)
                       : tr("Published on %1: received by %2 subscribers.").arg(name).arg(receivers),
                   false);
    QSettings settings;
    DraftLibrary(settings).addToHistory(
        {QDateTime::currentDateTimeUtc(), PublishConfirmation::describeTarget(m_target), m_sending});
    emit published(channel, receivers);
}

void ComposeDialog::onRefused(const QString &reason)
{
    m_slowAnswer->stop();
    m_publishButton->setEnabled(true);
    showResult(tr("Not published: %1").arg(reason), true);
}

void ComposeDialog::loadTemplates(const QString &current)
{
    QSettings settings;
    m_ui->templateCombo->clear();
    m_ui->templateCombo->addItem(tr("(choose one)"));
    for (const DraftLibrary::Template &saved : DraftLibrary(settings).templates())
        m_ui->templateCombo->addItem(saved.name);
    m_ui->templateCombo->setCurrentIndex(qMax(0, m_ui->templateCombo->findText(current)));
    m_ui->removeTemplateButton->setEnabled(m_ui->templateCombo->currentIndex() > 0);
}

void ComposeDialog::chooseTemplate(int index)
{
    if (index <= 0)
        return;
    QSettings settings;
    const QString name = m_ui->templateCombo->itemText(index);
    for (const DraftLibrary::Template &saved : DraftLibrary(settings).templates()) {
        if (saved.name == name)
            setDraft(saved.draft);
    }
}

void ComposeDialog::saveTemplate()
{
    const QString suggested = m_ui->templateCombo->currentIndex() > 0 ? m_ui->templateCombo->currentText()
                                                                      : m_ui->titleEdit->text();
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Save as template"), tr("Template name:"),
                                               QLineEdit::Normal, suggested, &ok)
                             .trimmed();
    if (!ok || name.isEmpty())
        return;
    QSettings settings;
    DraftLibrary(settings).saveTemplate(name, draft());
    loadTemplates(name);
}

void ComposeDialog::removeTemplate()
{
    if (m_ui->templateCombo->currentIndex() <= 0)
        return;
    QSettings settings;
    DraftLibrary(settings).removeTemplate(m_ui->templateCombo->currentText());
    loadTemplates();
}

void ComposeDialog::fillHistoryMenu()
{
    QMenu *menu = m_ui->historyButton->menu();
    menu->clear();
    QSettings settings;
    const QList<DraftLibrary::Published> history = DraftLibrary(settings).history();
    if (history.isEmpty())
        menu->addAction(tr("Nothing published yet"))->setEnabled(false);
    const QLocale locale;
    for (const DraftLibrary::Published &entry : history) {
        const QString text = tr("%1 · %2 · %3")
                                 .arg(locale.toString(entry.time.toLocalTime(), QLocale::ShortFormat),
                                      QString::fromUtf8(entry.draft.channel()),
                                      fontMetrics().elidedText(entry.draft.title, Qt::ElideRight,
                                                               fontMetrics().averageCharWidth() * 40));
        QAction *action = menu->addAction(QString(text).replace(u'&', QLatin1String("&&")), this,
                                          [this, draft = entry.draft] { setDraft(draft); });
        action->setToolTip(tr("Published to %1").arg(entry.target));
    }
    menu->setToolTipsVisible(true);
}

} // namespace busmon
