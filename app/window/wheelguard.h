#pragma once

#include <QObject>

// A spin box or combo box under a scrolling mouse keeps its value unless the user clicked it first;
// the wheel then scrolls the form or the dock instead. Install on the boxes as an event filter.
class WheelGuard final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WheelGuard)

public:
    using QObject::QObject;
    ~WheelGuard() override = default;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
};
