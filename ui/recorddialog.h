#pragma once

#include <QDialog>

#include <memory>

namespace Ui {
class RecordDialog;
}

namespace busmon {

// Where to record and when to start a new numbered file. Both are remembered.
class RecordDialog : public QDialog
{
    Q_OBJECT
public:
    explicit RecordDialog(QWidget *parent = nullptr);
    ~RecordDialog() override;

    QString path() const;
    qint64 rotateBytes() const; // 0: never
    void accept() override;

private:
    std::unique_ptr<Ui::RecordDialog> m_ui;
};

} // namespace busmon
