#pragma once
// placeholder: written by the models/diagram work
