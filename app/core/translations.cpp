#include "translations.h"

#include <QCoreApplication>
#include <QLocale>
#include <QTranslator>

bool Translations::install(QCoreApplication *application)
{
    if (!application)
        return false;
    auto *translator = new QTranslator(application);
    const QString directory = QStringLiteral(":/i18n");
    if (translator->load(QLocale(), QStringLiteral("topocheck"), QStringLiteral("_"), directory) ||
        translator->load(QStringLiteral("topocheck_en"), directory))
        return QCoreApplication::installTranslator(translator);
    delete translator;
    return false;
}
