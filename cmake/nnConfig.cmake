# find_package(nn CONFIG): the INTERFACE target nn::nn, the header's
# directory and libm. Found through the prefix it is installed in
# (<prefix>/lib/cmake/nn), so the tree can be moved or staged with DESTDIR.
get_filename_component(_nn_prefix "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
if(NOT EXISTS "${_nn_prefix}/include/nn.h")
  set(nn_FOUND FALSE)
  set(nn_NOT_FOUND_MESSAGE "nn.h is not in ${_nn_prefix}/include")
  return()
endif()
if(NOT TARGET nn::nn)
  add_library(nn::nn INTERFACE IMPORTED)
  set_target_properties(nn::nn PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${_nn_prefix}/include"
    # the C library holds the math functions on Windows; libm elsewhere
    INTERFACE_LINK_LIBRARIES "$<$<NOT:$<PLATFORM_ID:Windows>>:m>")
endif()
unset(_nn_prefix)
