#include "publishconfirmdialog.h"

#include "publish/publishconfirmation.h"

#include <QCoreApplication>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>

namespace busmon {

bool PublishConfirmDialog::ask(QWidget *parent, const PublishConfirmation &confirmation)
{
    QMessageBox box(QMessageBox::Question, confirmation.title, confirmation.question, QMessageBox::NoButton,
                    parent);
    box.setObjectName(QStringLiteral("publishConfirmation"));
    box.setTextFormat(Qt::PlainText);
    box.setInformativeText(confirmation.audience);
    // A username is text, whatever it looks like.
    if (auto *informative = box.findChild<QLabel *>(QStringLiteral("qt_msgbox_informativelabel")))
        informative->setTextFormat(Qt::PlainText);
    if (!confirmation.payload.isEmpty())
        box.setDetailedText(QString::fromUtf8(confirmation.payload));
    QPushButton *publish = box.addButton(
        QCoreApplication::translate("busmon::PublishConfirmDialog", "&Publish"), QMessageBox::AcceptRole);
    QPushButton *cancel = box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(cancel);
    box.setEscapeButton(cancel);
    box.exec();
    return box.clickedButton() == publish;
}

} // namespace busmon
