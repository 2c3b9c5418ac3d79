#pragma once

class QCoreApplication;

// The translations compiled into the application under ":/i18n" (resources/translations): the
// user's language when there is one, else the English plural forms of the source texts ("%n checks"
// reads "1 check"). Builds without Qt's Linguist tools have none, and show the source texts.
class Translations
{
public:
    // Once the application object exists; the translator is a child of it.
    static bool install(QCoreApplication *application);
};
