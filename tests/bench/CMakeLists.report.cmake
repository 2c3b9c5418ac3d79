# The change-request report benchmark (issue 6): about 1000 checks to PDF in under 2 s and under 2 MB.
# Included from tests/bench/CMakeLists.txt.
if(TARGET topocheck_report)
    qt_add_executable(report_bench ${CMAKE_CURRENT_LIST_DIR}/report_bench.cpp)
    target_include_directories(report_bench PRIVATE ${PROJECT_SOURCE_DIR}/tests/report)
    target_link_libraries(report_bench PRIVATE topocheck_report topocheck_options)
    add_test(NAME report_bench COMMAND report_bench)
    set_tests_properties(report_bench PROPERTIES LABELS bench TIMEOUT 120 ENVIRONMENT "QT_QPA_PLATFORM=offscreen")
endif()
