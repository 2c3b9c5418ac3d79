#include "profiledocument.h"
