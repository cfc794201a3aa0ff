#pragma once

#include <QPointer>
#include <QWidget>

class QChartView;
class QComboBox;
class QLabel;
class QToolButton;
class QStringListModel;

namespace busmon {

class EventStore;
class UserTimelineChart;

// Pick a user (type with completion, or from a chart or a table row) and see all of that user's
// messages in the window on one time axis (UserTimelineChart). Clicking a message asks for its row.
class UserTimelinePanel : public QWidget
{
    Q_OBJECT
public:
    explicit UserTimelinePanel(QWidget *parent = nullptr);

    void setStore(EventStore *store);
    void setRange(qint64 fromMs, qint64 toMs);
    QString user() const;
    void setUser(const QString &user);
    // Collects the user's messages again (the store moved on, or the window).
    void refresh();

    UserTimelineChart *chart() const { return m_chart; }
    QChartView *chartView() const { return m_view; }
    QComboBox *userBox() const { return m_userBox; }
    QString infoText() const;

signals:
    void rowRequested(quint64 rowId);

protected:
    void changeEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateUsers();
    void showToolTip(quint64 rowId, bool entered);
    void restyle();

    QPointer<EventStore> m_store;
    QComboBox *m_userBox;
    QStringListModel *m_users;
    QLabel *m_info;
    QLabel *m_key;
    QToolButton *m_resetZoom;
    UserTimelineChart *m_chart;
    QChartView *m_view;
    qint64 m_fromMs = 0;
    qint64 m_toMs = 0;
    int m_channelsListed = -1;
    QString m_shownUser;
};

} // namespace busmon
