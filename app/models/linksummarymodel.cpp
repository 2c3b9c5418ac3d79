#include "linksummarymodel.h"
