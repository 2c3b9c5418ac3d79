#pragma once

#include "component.h"
#include "flow.h"
#include "validationissue.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QString>

// A deployment template (format topocheck-template/1): the components and every flow between them.
class TopologyTemplate
{
    Q_DECLARE_TR_FUNCTIONS(TopologyTemplate)

public:
    static inline const QString formatId = QStringLiteral("topocheck-template/1");

    QString id() const { return m_id; }
    QString title() const { return m_title; }
    const QList<Component> &components() const { return m_components; }
    const QList<Flow> &flows() const { return m_flows; }

    const Component *component(const QString &id) const;
    const Flow *flow(const QString &id) const;
    bool hasComponent(const QString &id) const { return component(id) != nullptr; }
    // The roles a machine running Topocheck can take: every component that is the source of a flow.
    QStringList roles() const;
    // The port keys a profile may override, with the default port of each.
    QStringList portKeys() const;

    QJsonObject toJson() const;
    static TopologyTemplate fromJson(const QByteArray &json, ValidationIssues *issues);

    // Built-in templates, embedded as resources.
    static QStringList builtinIds();
    static bool isBuiltin(const QString &id) { return builtinIds().contains(id); }
    static TopologyTemplate builtin(const QString &id, ValidationIssues *issues = nullptr);
    static QByteArray builtinSource(const QString &id);

private:
    QString m_id;
    QString m_title;
    QList<Component> m_components;
    QList<Flow> m_flows;
};
