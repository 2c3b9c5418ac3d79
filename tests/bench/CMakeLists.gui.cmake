# The GUI benchmark (label bench): include this file from tests/bench/CMakeLists.txt.
qt_add_executable(gui_bench ${CMAKE_CURRENT_LIST_DIR}/gui_bench.cpp)
target_link_libraries(gui_bench PRIVATE topocheck_gui topocheck_options)
add_test(NAME gui_bench COMMAND gui_bench)
set_tests_properties(gui_bench PROPERTIES LABELS bench TIMEOUT 180 ENVIRONMENT "QT_QPA_PLATFORM=offscreen")
