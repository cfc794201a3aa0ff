#pragma once

#include <QWidget>

#include <functional>

class QCompleter;
class QLabel;
class QLineEdit;
class QStringListModel;
class QTimer;
class QToolButton;

namespace busmon {

// The filter line: turns green or red as the expression parses (tints mixed from the palette, so
// a dark theme stays readable), says what is wrong and where, completes field names at the cursor
// and remembers recent filters in QSettings.
class FilterBar : public QWidget
{
    Q_OBJECT
public:
    // Answers an empty string when the text parses; else the error, and its character position in *position.
    using Checker = std::function<QString(const QString &text, int *position)>;

    explicit FilterBar(QWidget *parent = nullptr);

    void setChecker(Checker checker);
    void setFieldNames(const QStringList &names);
    void setHelpText(const QString &help); // the tooltip while the text parses
    QString text() const;
    void setText(const QString &text); // applies it at once
    bool isValid() const { return m_valid; }
    QString errorText() const { return m_error; }
    QStringList recentFilters() const { return m_recent; }
    QLineEdit *lineEdit() const { return m_edit; }

    void focusFilter();
    // Beside the line: how many rows of the tab pass the filter, or how far a long filter pass got.
    void showMatches(int shown, int total);
    void showProgress(int percent);

signals:
    // A text that parses, a moment after the user stopped typing, or at once on Enter.
    void filterChanged(const QString &text);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void onTextEdited();
    void check();
    void apply();
    void remember(const QString &text);
    void updateCompletion();
    void insertCompletion(const QString &completion);
    void showRecentMenu();
    void tint();

    QLineEdit *m_edit;
    QLabel *m_errorLabel;
    QLabel *m_matchLabel;
    QToolButton *m_recentButton;
    QTimer *m_debounce;
    QCompleter *m_completer;
    QStringListModel *m_fieldModel;
    Checker m_checker;
    QStringList m_recent;
    QString m_applied;
    QString m_error;
    QString m_help;
    bool m_valid = true;
};

} // namespace busmon
