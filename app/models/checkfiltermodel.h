#pragma once

#include <QSortFilterProxyModel>

// The checks behind what is selected in the diagram: one link, one component, or one Control Room node.
class CheckFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CheckFilterModel)

public:
    explicit CheckFilterModel(QObject *parent = nullptr);
    ~CheckFilterModel() override;

    void showAll();
    void showLink(const QString &linkId);
    void showComponent(const QString &componentId, const QString &host = QString());
    void setProblemsOnly(bool problemsOnly);
    void setText(const QString &text);

    QString linkId() const { return m_linkId; }
    QString componentId() const { return m_componentId; }
    QString host() const { return m_host; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_linkId;
    QString m_componentId;
    QString m_host;
    QString m_text;
    bool m_problemsOnly = false;
};
